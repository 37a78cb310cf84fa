import type { SandboxSource } from '../runtime/contract';

/**
 * What the server renders into each sandbox's `<script type="application/json">`: the
 * manifest and the original file texts, so the island never fetches anything to start.
 */
export type SandboxBootData = SandboxSource;

/**
 * Reads the boot JSON a `<eda-sandbox>` carries; throws with the reason if it is malformed.
 * @example const source = readBootData(host.querySelector('script[type="application/json"]'));
 */
export function readBootData(script: Element | null): SandboxBootData {
  if (!script?.textContent) throw new Error('Sandbox is missing its boot data.');
  const data: unknown = JSON.parse(script.textContent);
  if (typeof data !== 'object' || data === null || !('manifest' in data) || !('files' in data)) {
    throw new Error('Sandbox boot data has no manifest or files.');
  }
  return data as SandboxBootData;
}

/**
 * Serialises boot data for a `<script type="application/json">` element; `<` is escaped so
 * a file containing `</script>` cannot close the element early.
 */
export function writeBootData(data: SandboxBootData): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
