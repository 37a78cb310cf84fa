/** TypeScript → runnable guest code (Sucrase), and errors mapped back to the reader's source. */
export {
  transpileService,
  scriptName,
  wrapperPrefix,
  CompileError,
  type CompiledService,
} from './transpile-service';
export { compileCached } from './compile-cache';
export {
  locateError,
  mapGenerated,
  type LocatedError,
  type SourceLocation,
} from './error-location';
export { decodeMappings, mapPosition, type LineMap, type MapSegment } from './line-map';
