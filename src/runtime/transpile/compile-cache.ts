import { transpileService, type CompiledService } from './transpile-service';

// Enough for every file of every sandbox a page embeds, with room for a reader's edits.
const capacity = 64;
const compiled = new Map<string, CompiledService>();

/**
 * {@link transpileService}, remembered by file name and text: a second Run of unchanged code,
 * or a Run after `prepare` compiled the files in idle time, starts without transpiling.
 * Oldest entries go first once `capacity` is reached. Errors are not kept (they throw anew).
 *
 * @example
 * const program = compileCached('email-service.ts', text); // transpiles
 * compileCached('email-service.ts', text) === program; // true, from memory
 */
export function compileCached(file: string, source: string): CompiledService {
  const key = `${file}\u0000${source}`;
  const known = compiled.get(key);
  if (known) {
    // Re-insert so the map's order stays least-recently-used first.
    compiled.delete(key);
    compiled.set(key, known);
    return known;
  }
  const fresh = transpileService(file, source);
  compiled.set(key, fresh);
  if (compiled.size > capacity) compiled.delete(compiled.keys().next().value as string);
  return fresh;
}
