/**
 * A bare page to try the Web Worker runtime in a real browser, outside the site:
 * `npx vite --port 4410` from the repository root, then open /tests/runtime-harness/.
 * `window.runSandbox(idOrSource, options)` resolves with every output line and the result.
 */
import { createWorkerRuntime } from '../../src/runtime';
import type {
  OutputLine,
  RunOptions,
  RunResult,
  RunSession,
  SandboxSource,
} from '../../src/runtime';

const raw = import.meta.glob('../../sandboxes/*/*', {
  query: '?raw',
  import: 'default',
  eager: true,
});

function sourceOf(id: string): SandboxSource {
  const files: Record<string, string> = {};
  let manifest: SandboxSource['manifest'] | undefined;
  for (const [path, text] of Object.entries(raw)) {
    const [, folder, file] = /sandboxes\/([^/]+)\/([^/]+)$/.exec(path) ?? [];
    if (folder !== id || !file) continue;
    if (file === 'sandbox.json') manifest = JSON.parse(String(text)) as SandboxSource['manifest'];
    else files[file] = text;
  }
  if (!manifest) throw new Error(`no sandbox ${id}`);
  return { manifest: { ...manifest, open: manifest.open ?? [] }, files };
}

const runtime = createWorkerRuntime();
const out = document.getElementById('out')!;

declare global {
  interface Window {
    runSandbox(
      idOrSource: string | SandboxSource,
      options?: RunOptions & {
        actions?: { at: number; action: keyof RunSession['controls']; arg?: string }[];
      },
    ): Promise<{ lines: OutputLine[]; result: RunResult; traceKinds: string[] }>;
  }
}

window.runSandbox = async (idOrSource, options = {}) => {
  const source = typeof idOrSource === 'string' ? sourceOf(idOrSource) : idOrSource;
  const session = runtime.start(source, { quietMs: 1500, ...options });
  const lines: OutputLine[] = [];
  const traceKinds: string[] = [];
  session.trace$.subscribe((e) => traceKinds.push(e.kind));
  session.output$.subscribe((line) => {
    lines.push(line);
    out.textContent += `[${line.service}] ${line.text}\n`;
  });
  for (const { at, action, arg } of options.actions ?? []) {
    setTimeout(() => {
      const controls = session.controls as unknown as Record<
        string,
        (this: void, a?: string) => void
      >;
      controls[action]?.(arg);
    }, at);
  }
  const result = await session.finished;
  return { lines, result, traceKinds };
};
