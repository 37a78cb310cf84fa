import { transform } from 'sucrase';
import { decodeMappings, type LineMap } from './line-map';

/**
 * The names a service's code gets from its guest rather than from the thread: the module
 * system, the console, and time and randomness on the run's clock (guest/virtual-time.ts).
 * Passed as parameters, so they hold for the reader's code even in a guest that shares its
 * thread's globals (tests), and in the order `runGuest` passes them.
 */
export const serviceParameters = [
  'require',
  'module',
  'exports',
  'console',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  'Date',
  'performance',
  'Math',
] as const;

/** Opens the function every service runs in; it stays on line 1 so line numbers match. */
export const wrapperPrefix = `(async function (${serviceParameters.join(', ')}) {`;

/** The name a service's code carries in stack traces (a prefix no real script URL uses). */
export function scriptName(file: string): string {
  return `sandbox/${file}`;
}

/** A service's code ready for a guest, plus what maps its errors back to the source. */
export interface CompiledService {
  readonly file: string;
  /** A function expression `(async function (require, module, exports, console, …) { … })`. */
  readonly code: string;
  readonly map: LineMap;
}

/** A TypeScript file that does not parse; carries where, in the reader's source. */
export class CompileError extends Error {
  constructor(
    message: string,
    readonly location: { readonly file: string; readonly line: number; readonly column: number },
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/**
 * Strips TypeScript and turns imports into `require` calls with Sucrase (which keeps every
 * line where it was), wraps the result in an async function so top-level `await` works, and
 * keeps Sucrase's source map for columns. Dynamic `import()` becomes `require()` too, so a
 * service cannot load code from elsewhere.
 *
 * @example
 * const compiled = transpileService('email-service.ts', source);
 */
export function transpileService(file: string, source: string): CompiledService {
  let result: ReturnType<typeof transform>;
  try {
    result = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: file,
      sourceMapOptions: { compiledFilename: file.replace(/\.ts$/, '.js') },
    });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const reason = (error as Error).message
      .replace(/^Error transforming [^:]*: /, '')
      .replace(/ \(\d+:\d+\)$/, '');
    const location = { file, line: loc?.line ?? 1, column: loc?.column ?? 1 };
    throw new CompileError(`${reason} (${file}:${location.line}:${location.column})`, location);
  }
  const code = `${wrapperPrefix}${result.code}\n})\n//# sourceURL=${scriptName(file)}`;
  return { file, code, map: decodeMappings(result.sourceMap?.mappings ?? '') };
}
