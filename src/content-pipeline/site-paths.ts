import { join, resolve } from 'node:path';

/**
 * Where the site reads lessons from. `EDA_CONTENT_DIR` lets a test build a fixture site (for
 * example one broken lesson) without touching the real curriculum.
 */
export const contentDir = resolve(process.env['EDA_CONTENT_DIR'] ?? 'content');

/** The lessons folder inside {@link contentDir}. */
export const lessonsDir = join(contentDir, 'lessons');

/** Where sandboxes live: `sandboxes/<id>/sandbox.json`. */
export const sandboxesDir = resolve('sandboxes');

/** The sub-path the site is served under (`BASE_PATH=/training/ npm run build`), always with slashes. */
export const basePath = normaliseBase(process.env['BASE_PATH'] ?? '/');

function normaliseBase(base: string): string {
  const trimmed = base.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}
