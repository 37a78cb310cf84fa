import type { SandboxSource } from '../contract';
import { CompileError, compileCached, type CompiledService } from '../transpile';

/**
 * A run's programs: each service file compiled once per run (on top of the shared cache), or
 * the error that says where it does not parse, in the reader's own source.
 */
export function runPrograms(
  source: SandboxSource,
): (file: string) => CompiledService | CompileError {
  const compiled = new Map<string, CompiledService | CompileError>();
  return (file) => {
    let result = compiled.get(file);
    if (!result) {
      const text = source.files[file];
      try {
        if (text === undefined) throw new Error(`${file} is not among the sandbox's files`);
        result = compileCached(file, text);
      } catch (error) {
        result =
          error instanceof CompileError
            ? error
            : new CompileError((error as Error).message, { file, line: 1, column: 1 });
      }
      compiled.set(file, result);
    }
    return result;
  };
}

/**
 * Compiles a sandbox's services into the shared cache ahead of a Run (idle time after the page
 * loads), so the Run that follows goes straight to the threads. Errors wait for the Run to
 * report them.
 */
export function prepareRun(source: SandboxSource): void {
  for (const { file } of source.manifest.services) {
    const text = source.files[file];
    if (text === undefined) continue;
    try {
      compileCached(file, text);
    } catch {
      // Reported, with its line, when the reader runs it.
    }
  }
}
