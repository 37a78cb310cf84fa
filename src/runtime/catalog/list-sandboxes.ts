import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxSource } from '../contract';
import { loadSandbox, sandboxesRoot, type CatalogOptions } from './load-sandbox';

/** The ids of every sandbox folder (each folder holding a sandbox.json), sorted. */
export function listSandboxIds(options: CatalogOptions = {}): string[] {
  const root = sandboxesRoot(options);
  if (!existsSync(root)) throw new Error(`${root}: the sandboxes folder is missing`);
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory() && !name.startsWith('.'))
    .filter((name) => name !== 'node_modules')
    .sort();
}

/**
 * Loads and validates every sandbox; the first invalid one throws (with its path), so a build
 * that lists sandboxes cannot ship a broken one.
 */
export function listSandboxes(options: CatalogOptions = {}): SandboxSource[] {
  return listSandboxIds(options).map((id) => loadSandbox(id, options));
}
