import { dirname, relative } from 'node:path';
import ts from 'typescript';
import type { ClientSurface } from '../../../broker/core/client-surface';
import { statementText, type RemovedNode } from './kept-statement-text';
import { readPackageTypings, type PackageTypings } from './package-typings-program';

/** A declaration file for the editor, under `node_modules/<package>/`. */
export interface TypingsFile {
  readonly path: string;
  readonly text: string;
}

/** A name the trimmed typings use from outside the packages (Node's `EventEmitter`, `net.Socket`). */
export interface ExternalName {
  readonly module: string;
  readonly name: string;
}

/** What {@link trimPackageTypings} gives: the files, and the outside names they rely on. */
export interface TrimmedTypings {
  readonly files: readonly TypingsFile[];
  readonly external: readonly ExternalName[];
}

type Container = ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeLiteralNode;

/**
 * The installed packages' own declaration files, cut down to what each model's surface offers:
 * the members a surface class lists, on the package's own types (`Channel`, `Producer`, the
 * `Redis` class and the interfaces it inherits from); the exports the simulated module has;
 * and every declaration those reach, verbatim (comments included), in its own file. Everything
 * else, ioredis's four hundred commands the simulator does not run among it, is left out, so
 * the editor offers what runs and says no to what would fail.
 *
 * Reads with the TypeScript compiler over `node_modules` (Node only, build time).
 */
export function trimPackageTypings(
  surfaces: readonly ClientSurface[],
  root: string = process.cwd(),
): TrimmedTypings {
  const dependencies = [...new Set(surfaces.flatMap((s) => s.typingsFrom ?? []))].filter(
    (name) => !surfaces.some((s) => s.module === name),
  );
  const typings = readPackageTypings([...surfaces.map((s) => s.module), ...dependencies], root);
  const packageFor = (name: string, surface: ClientSurface | undefined): Package => {
    const moduleSymbol = typings.modules.get(name) as ts.Symbol;
    const entry = moduleSymbol.valueDeclaration?.getSourceFile();
    if (!entry) throw new Error(`${name} ships no typings`);
    // The package's files are those under its entry declaration file's folder.
    return { name, surface, moduleSymbol, typesRoot: dirname(entry.fileName), entry };
  };
  const packages = [
    ...surfaces.map((surface) => packageFor(surface.module, surface)),
    ...dependencies.map((name) => packageFor(name, undefined)),
  ];
  const packageOf = (file: ts.SourceFile): Package | undefined =>
    packages.find((p) => file.fileName.startsWith(`${p.typesRoot}/`));
  const withSurface = packages.filter((p): p is SurfacePackage => p.surface !== undefined);
  const removed = unlistedMembers(typings.checker, withSurface, packageOf);
  const reached = reachableStatements(typings, withSurface, packageOf, removed);
  const files = emitFiles(typings.checker, reached, packageOf, removed);
  return {
    files: [...files, ...entryShims(typings.checker, packages, files, reached, packageOf)].sort(
      (a, b) => a.path.localeCompare(b.path),
    ),
    external: reached.external,
  };
}

interface Package {
  /** The package name, as imported (`@nats-io/nats-core`). */
  readonly name: string;
  /** Its surface; none for a package only re-exported by another's typings. */
  readonly surface: ClientSurface | undefined;
  readonly moduleSymbol: ts.Symbol;
  readonly typesRoot: string;
  readonly entry: ts.SourceFile;
}

type SurfacePackage = Package & { readonly surface: ClientSurface };

/** Where a package's declaration file goes in the editor's `node_modules`. */
function editorPath(owner: Package, file: ts.SourceFile): string {
  return `node_modules/${owner.name}/${relative(owner.typesRoot, file.fileName)}`;
}

/**
 * The files the editor's module resolution (Node10: `<name>/index.d.ts`, `<name>/<sub>.d.ts`)
 * looks for where a package's entry is named otherwise (`lib/mod.d.ts`, or the `./internal`
 * export map entry): each re-exports the real entry.
 */
function entryShims(
  checker: ts.TypeChecker,
  packages: readonly Package[],
  files: readonly TypingsFile[],
  reached: Reached,
  packageOf: PackageOf,
): TypingsFile[] {
  const emitted = new Set(files.map((f) => f.path));
  const shims = new Map<string, string>();
  const add = (specifier: string, owner: Package, target: ts.SourceFile): void => {
    const sub = specifier.slice(owner.name.length).replace(/^\//, '');
    const shim = `node_modules/${owner.name}/${sub === '' ? 'index' : sub}.d.ts`;
    const targetPath = editorPath(owner, target);
    if (shim === targetPath || emitted.has(shim) || !emitted.has(targetPath)) return;
    const from = relative(dirname(shim), targetPath).replace(/\.d\.ts$/, '');
    shims.set(shim, `export * from '${from.startsWith('.') ? from : `./${from}`}';\n`);
  };
  for (const owner of packages) add(owner.name, owner, owner.entry);
  for (const statement of reached.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier
        : undefined;
    if (!specifier || specifier.text.startsWith('.')) continue;
    const target = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    const owner = target && ts.isSourceFile(target) ? packageOf(target) : undefined;
    if (owner && target && ts.isSourceFile(target)) add(specifier.text, owner, target);
  }
  return [...shims].map(([path, text]) => ({ path, text }));
}

type PackageOf = (file: ts.SourceFile) => Package | undefined;

interface Reached {
  readonly statements: Set<ts.Statement>;
  /** Import and export bindings the kept statements go through. */
  readonly aliases: ReadonlySet<ts.Node>;
  readonly external: readonly ExternalName[];
}

/**
 * Which members to leave out: on every class, interface or type literal of a package that gives
 * a surface class's real type its members (the `Redis` class, `RedisCommander`, `Channel`…),
 * every member the surface does not list (statics and private members too), and `implements`
 * clauses, which add no member and name the package's internals.
 */
function unlistedMembers(
  checker: ts.TypeChecker,
  packages: readonly SurfacePackage[],
  packageOf: PackageOf,
): RemovedNode {
  const allowed = new Map<Container, Set<string>>();
  for (const { surface, moduleSymbol } of packages) {
    const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
    for (const [className, declared] of Object.entries(surface.classes)) {
      const names = listedNames(declared);
      for (const realType of declared.realTypes) {
        const exported = exports.get(realType);
        if (!exported) throw new Error(`${surface.module} exports no ${realType} (${className})`);
        const symbol = resolveAlias(checker, exported);
        for (const declaration of symbol.declarations ?? []) {
          if (isContainer(declaration) && !allowed.has(declaration)) {
            allowed.set(declaration, new Set());
          }
        }
        for (const property of checker.getPropertiesOfType(
          checker.getDeclaredTypeOfSymbol(symbol),
        )) {
          for (const declaration of property.declarations ?? []) {
            const container = declaration.parent;
            if (!isContainer(container) || !packageOf(container.getSourceFile())) continue;
            const kept = allowed.get(container) ?? new Set<string>();
            allowed.set(container, kept);
            if (names.includes(property.name)) kept.add(property.name);
            if (declared.asyncIterable && isAsyncIterator(property)) kept.add(asyncIteratorMember);
          }
        }
      }
    }
  }
  return (node) => {
    const parent = node.parent as ts.Node | undefined;
    if (!parent || !isContainer(parent) || !allowed.has(parent)) return false;
    if (ts.isHeritageClause(node)) return node.token === ts.SyntaxKind.ImplementsKeyword;
    if (!(parent.members as ts.NodeArray<ts.Node>).includes(node)) return false;
    const name = (node as ts.NamedDeclaration).name;
    // Constructors, call and index signatures have no name: they stay.
    if (!name || ts.isConstructorDeclaration(node)) return false;
    const text =
      ts.isIdentifier(name) || ts.isStringLiteral(name)
        ? name.text
        : ts.isComputedPropertyName(name)
          ? `[${name.expression.getText()}]`
          : '';
    return !allowed.get(parent)?.has(text);
  };
}

/**
 * Every statement of the packages that the exports the simulated modules have reach, following
 * each name a kept statement uses (less its removed members) to its declaration, and through
 * each import and re-export on the way. Names declared outside the packages are listed.
 */
function reachableStatements(
  typings: PackageTypings,
  packages: readonly SurfacePackage[],
  packageOf: PackageOf,
  removed: RemovedNode,
): Reached {
  const { checker, program } = typings;
  const statements = new Set<ts.Statement>();
  const aliases = new Set<ts.Node>();
  const external = new Map<string, ExternalName>();
  const queue: ts.Statement[] = [];
  const keep = (statement: ts.Statement | undefined): void => {
    if (!statement || statements.has(statement)) return;
    statements.add(statement);
    queue.push(statement);
  };
  const reach = (symbol: ts.Symbol, accept: (d: ts.Declaration) => boolean = () => true): void => {
    let current = symbol;
    // Re-exports and imports one hop at a time: each hop's statement must stay.
    for (let hops = 0; current.flags & ts.SymbolFlags.Alias && hops < 20; hops++) {
      for (const declaration of current.declarations ?? []) {
        if (!packageOf(declaration.getSourceFile())) continue;
        aliases.add(declaration);
        keep(topStatement(declaration));
      }
      const next = checker.getImmediateAliasedSymbol(current);
      if (!next) return;
      current = next;
    }
    for (const declaration of current.declarations ?? []) {
      const file = declaration.getSourceFile();
      if (packageOf(file)) {
        if (accept(declaration)) keep(topStatement(declaration));
      } else if (!program.isSourceFileDefaultLibrary(file) && !isLibFile(file)) {
        const module = externalModuleName(declaration);
        external.set(`${module}:${current.name}`, { module, name: current.name });
      }
    }
  };

  for (const { surface, moduleSymbol } of packages) {
    const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
    const roots = new Set([
      ...surface.exportNames,
      ...Object.values(surface.classes).flatMap((c) => c.realTypes),
    ]);
    if (exports.has('default') && Object.keys(surface.exports).some((p) => /^default\b/.test(p))) {
      roots.add('default');
    }
    for (const name of roots) {
      const symbol = exports.get(name);
      if (!symbol) throw new Error(`${surface.module} exports no ${name}`);
      // An export the simulator calls for a remote object keeps only the overloads giving it
      // (amqplib's `connect` has one more, for a recovering connection the simulator lacks).
      const call = surface.exports[name]?.call;
      const gives =
        typeof call === 'object' ? (surface.classes[call.remote]?.realTypes ?? []) : undefined;
      reach(symbol, (declaration) => {
        if (gives === undefined || !ts.isFunctionDeclaration(declaration)) return true;
        const signature = checker.getSignatureFromDeclaration(declaration);
        const returned = signature && checker.getReturnTypeOfSignature(signature);
        const awaited = returned && checker.getAwaitedType(returned);
        // By its own name, or its alias's (@nats-io/jetstream's JetStreamClient is a type alias).
        const names = [awaited?.getSymbol()?.name, awaited?.aliasSymbol?.name];
        return names.some((name) => name !== undefined && gives.includes(name));
      });
    }
  }
  while (queue.length > 0) {
    const statement = queue.pop() as ts.Statement;
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) continue;
    if (ts.isExportDeclaration(statement) && statement.exportClause) continue;
    const visit = (node: ts.Node): void => {
      if (removed(node)) return;
      if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
        const symbol = checker.getSymbolAtLocation(node);
        if (symbol) reach(symbol);
      }
      ts.forEachChild(node, visit);
    };
    visit(statement);
  }
  return { statements, aliases, external: [...external.values()] };
}

/**
 * The files the kept statements are in, each with its kept statements only, at its place under
 * `node_modules/<package>/` (the package's declaration folder as the root, so relative imports
 * hold). Every `export * from` of an emitted file stays, and so does the file it names.
 */
function emitFiles(
  checker: ts.TypeChecker,
  reached: Reached,
  packageOf: PackageOf,
  removed: RemovedNode,
): TypingsFile[] {
  const emitted = new Set<ts.SourceFile>();
  const pending = [...new Set([...reached.statements].map((s) => s.getSourceFile()))];
  // A kept import or re-export names a file, which must be there even if nothing else of it is.
  for (const statement of reached.statements) {
    const specifier =
      ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)
        ? statement.moduleSpecifier
        : undefined;
    const target = specifier && checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (target && ts.isSourceFile(target) && packageOf(target)) pending.push(target);
  }
  while (pending.length > 0) {
    const file = pending.pop() as ts.SourceFile;
    if (emitted.has(file)) continue;
    emitted.add(file);
    for (const statement of file.statements) {
      if (ts.isExportDeclaration(statement) && !statement.exportClause) {
        reached.statements.add(statement);
        const target = statement.moduleSpecifier
          ? checker.getSymbolAtLocation(statement.moduleSpecifier)?.valueDeclaration
          : undefined;
        if (target && ts.isSourceFile(target) && packageOf(target)) pending.push(target);
      }
    }
  }
  const files: TypingsFile[] = [];
  for (const file of emitted) {
    const owner = packageOf(file);
    if (!owner) continue;
    const text = file.statements
      .filter((s) => reached.statements.has(s))
      .map((s) => statementText(s, removed, reached.aliases).replace(/^\s*\n/, ''))
      // Node's own types are not shipped: the editor gets a small hand-kept file instead.
      .map((t) => t.replace(/^\/\/\/ *<reference types="node" *\/>\n/gm, ''))
      .filter((t) => t.trim() !== '')
      .join('\n');
    // A file with nothing kept is still a module (others import or re-export it).
    files.push({ path: editorPath(owner, file), text: text === '' ? 'export {};\n' : `${text}\n` });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

function isContainer(node: ts.Node | undefined): node is Container {
  return (
    node !== undefined &&
    (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node) || ts.isTypeLiteralNode(node))
  );
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/** The statement of its file a declaration belongs to. */
function topStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node = node;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return ts.isSourceFile(current.parent) ? (current as ts.Statement) : undefined;
}

function isLibFile(file: ts.SourceFile): boolean {
  return /[\\/]typescript[\\/]lib[\\/]lib\.[^\\/]*\.d\.ts$/.test(file.fileName);
}

/** The Node module an outside declaration lives in (`declare module "net" { … }`), or `global`. */
function externalModuleName(node: ts.Node): string {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isModuleDeclaration(current) && ts.isStringLiteral(current.name)) {
      return current.name.text.replace(/^node:/, '');
    }
  }
  return 'global';
}

/**
 * Every member a surface class lets sandbox code reach by name: its methods, constant
 * properties, remote properties, copied fields and the methods the guest answers itself.
 */
export function listedNames(declared: ClientSurface['classes'][string]): string[] {
  return [
    ...Object.keys(declared.methods),
    ...Object.keys(declared.props ?? {}),
    ...Object.keys(declared.remoteProps ?? {}),
    ...(declared.fields ?? []),
    ...Object.keys(declared.localMethods ?? {}),
  ];
}

/** How a kept `[Symbol.asyncIterator]()` member is named among the kept members. */
const asyncIteratorMember = '[Symbol.asyncIterator]';

/** `[Symbol.asyncIterator]`, which `for await` needs on an `asyncIterable` class. */
export function isAsyncIterator(property: ts.Symbol): boolean {
  return property.escapedName.toString().startsWith('__@asyncIterator');
}
