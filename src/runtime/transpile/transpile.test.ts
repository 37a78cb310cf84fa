import { describe, expect, it } from 'vitest';
import {
  CompileError,
  compileCached,
  decodeMappings,
  locateError,
  mapPosition,
  transpileService,
} from './index';

describe('decodeMappings', () => {
  it('decodes VLQ segments with relative fields', () => {
    // Line 1: col 0 → (0,0); col 4 → (0,2). Line 2: col 2 → (1,3).
    expect(decodeMappings('AAAA,IAAE;EACC')).toEqual([
      [
        { column: 0, sourceLine: 0, sourceColumn: 0 },
        { column: 4, sourceLine: 0, sourceColumn: 2 },
      ],
      [{ column: 2, sourceLine: 1, sourceColumn: 3 }],
    ]);
  });

  it('maps to the closest segment at or before the column', () => {
    const map = decodeMappings('AAAA,IAAE');
    expect(mapPosition(map, 1, 7)).toEqual({ line: 1, column: 5 });
    expect(mapPosition(map, 3, 9)).toEqual({ line: 3, column: 9 });
  });
});

describe('transpileService', () => {
  it('keeps line numbers and turns imports into require', () => {
    const source =
      "import Redis from 'ioredis';\nconst n: number = 1;\nawait import('x');\nnew Redis();\n";
    const { code } = transpileService('a.ts', source);
    const body = code.split('\n');
    expect(body[0]).toMatch(
      /^\(async function \(require, module, exports, console, setTimeout[^)]*\) \{.*require\('ioredis'\)/,
    );
    expect(body[1]).toBe('const n = 1;');
    expect(body[2]).toContain("require('x')");
    expect(code.endsWith('//# sourceURL=sandbox/a.ts')).toBe(true);
  });

  it("throws a CompileError at the reader's line and column", () => {
    let error: unknown;
    try {
      transpileService('bad.ts', 'let a = 1;\n  let b = )');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).location).toEqual({ file: 'bad.ts', line: 2, column: 11 });
    expect((error as CompileError).message).toBe('Unexpected token (bad.ts:2:11)');
  });
});

describe('locateError', () => {
  it('maps a V8 frame back through types Sucrase removed, and drops runtime frames', () => {
    const source =
      'const user: { a?: { b: number } } = {};\nconst x = (user.a as { b: number }).b;\n';
    const compiled = transpileService('svc.ts', source);
    // Build a stack the way V8 prints one for the guest.
    const generated = compiled.code.split('\n')[1] ?? '';
    const column = generated.indexOf('.b') + 2;
    const stack = `TypeError: Cannot read properties of undefined (reading 'b')\n    at eval (sandbox/svc.ts:2:${column})\n    at runGuest (worker-entry.js:10:5)`;
    const located = locateError(stack, compiled);
    expect(located.location).toEqual({
      file: 'svc.ts',
      line: 2,
      column: source.split('\n')[1]!.indexOf(').b') + 3,
    });
    expect(located.stack).toBe(
      `TypeError: Cannot read properties of undefined (reading 'b')\n    at eval (svc.ts:2:${located.location?.column})`,
    );
  });

  it('undoes the wrapper on line 1 and reads Firefox frames', () => {
    const compiled = transpileService('f.ts', 'const a: number = 1; throw new Error("x" + a);');
    const generated = compiled.code.split('\n')[0] ?? '';
    const column = generated.indexOf('throw') + 1;
    const located = locateError(`@sandbox/f.ts:1:${column}\n`, compiled);
    expect(located.location).toEqual({ file: 'f.ts', line: 1, column: 22 });
  });

  it("finds no location in a stack without the reader's file", () => {
    const compiled = transpileService('f.ts', 'let a = 1;');
    expect(locateError('Error: x\n    at other.js:1:1', compiled)).toEqual({ stack: 'Error: x' });
  });
});

describe('compileCached', () => {
  it('compiles a file once per text, and anew when the text changes', () => {
    const first = compileCached('cache-a.ts', 'const a: number = 1;\n');
    expect(compileCached('cache-a.ts', 'const a: number = 1;\n')).toBe(first);
    const edited = compileCached('cache-a.ts', 'const a: number = 2;\n');
    expect(edited).not.toBe(first);
    expect(edited.code).toContain('const a = 2;');
    // Same text under another name: its own entry (the name is in the code's sourceURL).
    expect(compileCached('cache-b.ts', 'const a: number = 1;\n').code).toContain(
      'sandbox/cache-b.ts',
    );
  });

  it('does not keep errors: a broken file throws its CompileError each time', () => {
    expect(() => compileCached('cache-bad.ts', 'let = ;')).toThrow(CompileError);
    expect(() => compileCached('cache-bad.ts', 'let = ;')).toThrow(CompileError);
  });

  it('forgets the least recently used file once full', () => {
    const kept = compileCached('cache-kept.ts', 'export {};\n');
    const dropped = compileCached('cache-dropped.ts', 'export {};\n');
    for (let i = 0; i < 70; i += 1) {
      compileCached('cache-kept.ts', 'export {};\n'); // used again: stays
      compileCached(`cache-filler-${i}.ts`, 'export {};\n');
    }
    expect(compileCached('cache-kept.ts', 'export {};\n')).toBe(kept);
    expect(compileCached('cache-dropped.ts', 'export {};\n')).not.toBe(dropped);
  });
});
