/**
 * The sandbox catalog, Node-side only (it reads `sandboxes/` with node:fs): used at build time
 * by the Astro pages, by the Node CLI and by tests. Never import it from browser code.
 */
export { loadSandbox, sandboxesRoot, type CatalogOptions } from './load-sandbox';
export { listSandboxes, listSandboxIds } from './list-sandboxes';
export { parseManifest, type ManifestContext } from './parse-manifest';
export { listExercises, loadExercise, type ExerciseSource } from './load-exercises';
export { parseExercise, type ExerciseContext } from './parse-exercise';
