import { mapPosition } from './line-map';
import { scriptName, wrapperPrefix, type CompiledService } from './transpile-service';

/** A position in the reader's own source. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The result of {@link locateError}: the first frame in the reader's file, and a clean stack. */
export interface LocatedError {
  readonly location?: SourceLocation;
  /** The stack with frames of the reader's file mapped back and the runtime's own frames cut. */
  readonly stack: string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds where an error was thrown in the reader's source from a V8 (`at f (file:1:2)`) or
 * Firefox/Safari (`f@file:1:2`) stack, undoing the wrapper's offset on line 1 and Sucrase's
 * column shifts.
 *
 * @example
 * locateError(error.stack, compiled).location; // { file: 'email-service.ts', line: 12, column: 5 }
 */
export function locateError(stack: string, compiled: CompiledService): LocatedError {
  const name = scriptName(compiled.file);
  const frame = new RegExp(`${escape(name)}:(\\d+):(\\d+)`, 'g');
  let location: SourceLocation | undefined;
  const lines = stack.split('\n');
  const kept: string[] = [];
  for (const [index, line] of lines.entries()) {
    const isFrame = /^\s+at |@/.test(line) && index > 0;
    if (!line.includes(name)) {
      // Keep the message lines; drop the runtime's own frames, which mean nothing to a reader.
      if (!isFrame) kept.push(line);
      continue;
    }
    kept.push(
      line.replace(frame, (_match, l: string, c: string) => {
        const mapped = mapGenerated(compiled, Number(l), Number(c));
        location ??= mapped;
        return `${compiled.file}:${mapped.line}:${mapped.column}`;
      }),
    );
  }
  const cleaned = kept.join('\n').replace(/^\s*at (async )?(Object\.)?<anonymous>/gm, '    at');
  return location ? { location, stack: cleaned } : { stack: cleaned };
}

/** Maps a 1-based position in the generated (wrapped) code to the reader's source. */
export function mapGenerated(
  compiled: CompiledService,
  line: number,
  column: number,
): SourceLocation {
  const generatedColumn = line === 1 ? Math.max(1, column - wrapperPrefix.length) : column;
  return { file: compiled.file, ...mapPosition(compiled.map, line, generatedColumn) };
}
