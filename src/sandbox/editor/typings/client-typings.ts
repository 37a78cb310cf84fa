import type { ClientSurface } from '../../../broker/core/client-surface';
import { surfacesOf } from '../../../broker/models';
import { NODE_GLOBALS } from './node-globals';
import { trimPackageTypings, type TypingsFile } from './trim-package-typings';

export type { TypingsFile } from './trim-package-typings';

/** Where the hand-kept Node declarations go, beside the packages' own. */
export const nodeGlobalsPath = 'node_modules/@types/eda-node-globals/index.d.ts';

/**
 * Every declaration file the editor gets: the real ioredis, amqplib and kafkajs typings cut to
 * the models' surfaces, and the small Node file. Build time only (reads node_modules).
 */
export function buildClientTypings(
  surfaces: readonly ClientSurface[] = surfacesOf(),
  root?: string,
): readonly TypingsFile[] {
  return [
    ...trimPackageTypings(surfaces, root).files,
    { path: nodeGlobalsPath, text: NODE_GLOBALS },
  ];
}
