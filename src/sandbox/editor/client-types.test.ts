import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES } from './client-types';

const root = join(process.cwd(), 'sandboxes');
const sandboxFiles = readdirSync(root)
  .filter((id) => statSync(join(root, id)).isDirectory())
  .flatMap((id) =>
    readdirSync(join(root, id))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(root, id, name)),
  );

/** Type-checks files the way the editor does: same options, CLIENT_TYPES as the only typings. */
function diagnose(files: Record<string, string>): string[] {
  const libPath = '/types/eda-clients.d.ts';
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.esnext.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    types: [],
  };
  const all: Record<string, string> = { ...files, [libPath]: CLIENT_TYPES };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (name) => all[name] ?? readFile(name);
  host.fileExists = (name) => name in all || fileExists(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version) =>
    name in all
      ? ts.createSourceFile(name, all[name] ?? '', version)
      : getSourceFile(name, version);
  // Resolve client packages to the declarations above only, never to node_modules.
  host.resolveModuleNameLiterals = (literals, containing) =>
    literals.map((literal) => {
      const spec = literal.text;
      if (spec.startsWith('.')) {
        const base = join(containing, '..', spec).replace(/\.js$/, '');
        const name = base.endsWith('.ts') ? base : `${base}.ts`;
        return name in all
          ? { resolvedModule: { resolvedFileName: name, extension: ts.Extension.Ts } }
          : { resolvedModule: undefined };
      }
      return { resolvedModule: undefined };
    });
  const program = ts.createProgram([...Object.keys(files), libPath], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file?.fileName ?? ''}:${d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe('CLIENT_TYPES (the typings Monaco gets)', () => {
  it('type-check every sandbox file without errors', () => {
    expect(sandboxFiles.length).toBeGreaterThan(0);
    const files = Object.fromEntries(sandboxFiles.map((f) => [f, readFileSync(f, 'utf8')]));
    expect(diagnose(files)).toEqual([]);
  }, 120_000);

  it('catch misuse of the client APIs, so checking in the editor means something', () => {
    const errors = diagnose({
      '/x/bad.ts': [
        "import Redis from 'ioredis';",
        "import amqp from 'amqplib';",
        "import { Kafka } from 'kafkajs';",
        'const redis = new Redis();',
        "const n: string = await redis.publish('c', 'm');",
        "const ch = await (await amqp.connect('amqp://x')).createChannel();",
        "ch.publish('ex', 'key', 'not a buffer');",
        "new Kafka({ clientId: 'a' });",
      ].join('\n'),
    });
    expect(errors.join('\n')).toMatch(/bad\.ts:5 .*number.*string/);
    expect(errors.join('\n')).toMatch(/bad\.ts:7 .*Buffer/);
    expect(errors.join('\n')).toMatch(/bad\.ts:8 [\s\S]*brokers/);
  }, 120_000);
});
