import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitterMethods } from '../../../broker/core/client-surface';
import { surfacesOf } from '../../../broker/models';

const clientSurfaces = surfacesOf();
import { buildClientTypings, nodeGlobalsPath } from './client-typings';
import { listedNames } from './trim-package-typings';

const typings = buildClientTypings();
const sandboxesRoot = join(process.cwd(), 'sandboxes');
/** Every sandbox file, at the path Monaco gives its model (`file:///sandboxes/<id>/<file>`). */
const sandboxFiles: Record<string, string> = Object.fromEntries(
  readdirSync(sandboxesRoot)
    .filter((id) => statSync(join(sandboxesRoot, id)).isDirectory())
    .flatMap((id) =>
      readdirSync(join(sandboxesRoot, id))
        .filter((name) => name.endsWith('.ts'))
        .map((name) => [
          `/sandboxes/${id}/${name}`,
          readFileSync(join(sandboxesRoot, id, name), 'utf8'),
        ]),
    ),
);

/**
 * A program as Monaco's TypeScript worker builds one: the editor's compiler options, the
 * typings as extra libraries at `/node_modules/…`, and nothing from the real node_modules.
 */
function editorProgram(files: Record<string, string>): ts.Program {
  const libs = Object.fromEntries(typings.map((file) => [`/${file.path}`, file.text]));
  const all: Record<string, string> = { ...libs, ...files };
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    // Monaco's `moduleResolution: 2` (NodeJs, Node10 here); TypeScript 6 deprecates it, Monaco's
    // TypeScript 5.9 does not, so it is spelled as the editor spells it.
    moduleResolution: 2,
    ignoreDeprecations: '6.0',
    lib: ['lib.esnext.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const libDir = dirname(ts.getDefaultLibFilePath(options));
  const isLib = (name: string) => name.startsWith(`${libDir}/`);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getCurrentDirectory = () => '/';
  host.readFile = (name) => all[name] ?? (isLib(name) ? readFile(name) : undefined);
  host.fileExists = (name) => name in all || (isLib(name) && ts.sys.fileExists(name));
  host.directoryExists = (dir) =>
    dir === libDir || Object.keys(all).some((name) => name.startsWith(`${dir}/`));
  host.getDirectories = () => [];
  host.getSourceFile = (name, version) =>
    name in all
      ? ts.createSourceFile(name, all[name] ?? '', version)
      : isLib(name)
        ? getSourceFile(name, version)
        : undefined;
  return ts.createProgram([...Object.keys(files), ...Object.keys(libs)], options, host);
}

function diagnose(files: Record<string, string>): string[] {
  return ts
    .getPreEmitDiagnostics(editorProgram(files))
    .map(
      (d) =>
        `${d.file?.fileName ?? ''}:${d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe('the editor typings (real package declarations cut to the surfaces)', () => {
  it('type-check every sandbox file, and themselves, without a diagnostic', () => {
    expect(Object.keys(sandboxFiles).length).toBeGreaterThan(0);
    expect(diagnose(sandboxFiles)).toEqual([]);
  }, 120_000);

  it('catch misuse of the client APIs, and calls the simulator would refuse', () => {
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
        "await redis.hset('h', 'f', 'v');",
        "const consumer = new Kafka({ brokers: ['k:9092'] }).consumer({ groupId: 'g' });",
        'consumer.paused();',
        "redis.emit('message');",
      ].join('\n'),
    }).join('\n');
    expect(errors).toMatch(/bad\.ts:5 .*number.*string/);
    expect(errors).toMatch(/bad\.ts:7 .*Buffer/);
    expect(errors).toMatch(/bad\.ts:8 [\s\S]*brokers/);
    expect(errors).toMatch(/bad\.ts:9 .*'hset' does not exist/);
    expect(errors).toMatch(/bad\.ts:11 .*'paused' does not exist/);
    expect(errors).toMatch(/bad\.ts:12 .*'emit' does not exist/);
  }, 120_000);

  it('offer on each client exactly what its surface lists and the real typings declare', () => {
    const probe = clientSurfaces
      .map((surface, index) => `import * as m${index} from '${surface.module}';`)
      .join('\n');
    const program = editorProgram({ '/x/probe.ts': probe });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile('/x/probe.ts');
    const problems: string[] = [];
    clientSurfaces.forEach((surface, index) => {
      const statement = source?.statements[index] as ts.ImportDeclaration;
      const module = checker.getSymbolAtLocation(statement.moduleSpecifier);
      const exports = new Map(
        (module ? checker.getExportsOfModule(module) : []).map((s) => [s.name, s]),
      );
      for (const [className, declared] of Object.entries(surface.classes)) {
        const listed = listedNames(declared);
        const offered = new Set(
          declared.realTypes.flatMap((name) => {
            const exported = exports.get(name);
            if (!exported) return [`(no export ${name})`];
            const symbol =
              exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
            return checker
              .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))
              .map((p) => p.name);
          }),
        );
        for (const name of offered) {
          const iterates = declared.asyncIterable && name.startsWith('__@asyncIterator');
          if (!listed.includes(name) && !iterates)
            problems.push(`${className}.${name}: offered, not listed`);
        }
        // A listed method missing here is one the real typings do not declare (amqplib's qos).
        const untyped = listed.filter((name) => !offered.has(name));
        if (untyped.some((name) => name !== 'qos')) {
          problems.push(`${className}: listed, not offered: ${untyped.join(', ')}`);
        }
      }
    });
    expect(problems).toEqual([]);
  }, 60_000);

  it('declare the Node EventEmitter with exactly the methods sandbox code may call', () => {
    const globals = typings.find((file) => file.path === nodeGlobalsPath)?.text ?? '';
    const source = ts.createSourceFile('globals.d.ts', globals, ts.ScriptTarget.ESNext, true);
    const names: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node) && node.name?.text === 'EventEmitter') {
        names.push(...node.members.map((m) => m.name?.getText(source) ?? ''));
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(names.sort()).toEqual(Object.keys(emitterMethods).sort());
  });

  it('stay small: a fraction of what the packages and @types/node ship', () => {
    const bytes = typings.reduce(
      (sum, file) => sum + new TextEncoder().encode(file.text).length,
      0,
    );
    // ioredis declares every overload of the stream commands (XADD alone has hundreds), which
    // takes the cut from 83 KB to about 235 KB; the NATS packages add about 105 KB (JetStream's
    // API types are most of it), 344 KB in all; still a fraction of the packages + @types/node,
    // and loaded only on the first Edit.
    expect(bytes).toBeLessThan(360_000);
  });
});
