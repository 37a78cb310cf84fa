import type { SandboxSource } from '../../runtime/contract';
import { composeBrokers } from './broker-compose';
import { projectFiles } from './project-files';
import { zipStore } from './zip-store';

/**
 * Saves the sandbox as `<id>.zip`: the project of project-files.ts, built here in the browser
 * from the code the reader has now. Nothing is fetched. Imported on the first click of Download,
 * so reading a lesson never loads it.
 */
export function downloadProject(
  source: SandboxSource,
  files: Readonly<Record<string, string>>,
): { readonly name: string; readonly notice: string } {
  const bytes = zipStore(projectFiles(source, files));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const link = document.createElement('a');
  const name = `${source.manifest.id}.zip`;
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Long enough for the browser to start saving; the URL only holds memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  const broker = Object.hasOwn(composeBrokers, source.manifest.model)
    ? composeBrokers[source.manifest.model]
    : undefined;
  const notice = broker
    ? `Saved ${name}: unzip it, start ${broker.title} (docker compose up -d), then npm install && npm start.`
    : `Saved ${name}: unzip it, then npm install && npm start.`;
  return { name, notice };
}
