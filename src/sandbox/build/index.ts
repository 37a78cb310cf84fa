/**
 * Build-time helpers of the sandbox island (Node only: imported by astro.config.ts, never by
 * browser code).
 */
export { monacoCssAsJs, cssModule } from './monaco-css-as-js';
export { crossOriginIsolation, isolationEnvVar, isolationHeaders } from './cross-origin-isolation';
export {
  buildSandboxFrame,
  sandboxFrame,
  sandboxFrameDocument,
  sandboxFramePath,
} from './sandbox-frame';
