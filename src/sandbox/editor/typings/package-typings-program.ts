import { join } from 'node:path';
import ts from 'typescript';

/** The installed packages' own typings, as the TypeScript compiler reads them for a user. */
export interface PackageTypings {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  /** Each package's module symbol (what `import * as x from 'name'` names), by package name. */
  readonly modules: ReadonlyMap<string, ts.Symbol>;
}

/**
 * A program over the packages' declaration files (and @types/node, which they import), reached
 * from one probe file that imports each: what `tsc -p sandboxes` sees. Node only.
 */
export function readPackageTypings(
  packageNames: readonly string[],
  root: string = process.cwd(),
): PackageTypings {
  const probeFile = join(root, '__package-typings-probe.ts');
  const probe = packageNames.map((name, i) => `export * as m${i} from '${name}';`).join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    esModuleInterop: true,
    types: ['node'],
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, version) =>
    name === probeFile ? ts.createSourceFile(name, probe, version) : getSourceFile(name, version);
  host.fileExists = (name) => name === probeFile || fileExists(name);
  const program = ts.createProgram([probeFile], options, host);
  const checker = program.getTypeChecker();
  const statements = program.getSourceFile(probeFile)?.statements ?? [];
  const modules = new Map(
    packageNames.map((name, i) => {
      const specifier = (statements[i] as ts.ExportDeclaration | undefined)?.moduleSpecifier;
      const symbol = specifier && checker.getSymbolAtLocation(specifier);
      if (!symbol) throw new Error(`${name} ships no typings`);
      return [name, symbol] as const;
    }),
  );
  return { program, checker, modules };
}

/** What an export of a package names, as a type (`Channel`, the instance type of `class Kafka`). */
export function exportedType(
  typings: PackageTypings,
  packageName: string,
  exportName: string,
): ts.Type | undefined {
  const module = typings.modules.get(packageName);
  const found =
    module && typings.checker.getExportsOfModule(module).find((s) => s.name === exportName);
  if (!found) return undefined;
  const symbol =
    found.flags & ts.SymbolFlags.Alias ? typings.checker.getAliasedSymbol(found) : found;
  return typings.checker.getDeclaredTypeOfSymbol(symbol);
}
