import { dirname, relative } from 'node:path';
import ts from 'typescript';
import type { ClientSurface } from '../../../broker/core/client-surface';
import { readPackageTypings } from './package-typings-program';

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
  const { program, checker, modules } = readPackageTypings(
    surfaces.map((s) => s.module),
    root,
  );

  // Each package: its entry declaration file; its files are those under the entry's folder.
  const packages = surfaces.map((surface) => {
    const moduleSymbol = modules.get(surface.module) as ts.Symbol;
    const entry = moduleSymbol.valueDeclaration?.getSourceFile();
    if (!entry) throw new Error(`${surface.module} ships no typings`);
    return { surface, moduleSymbol, entry, typesRoot: dirname(entry.fileName) };
  });
  const packageOf = (file: ts.SourceFile) =>
    packages.find((p) => file.fileName.startsWith(`${p.typesRoot}/`));

  // Members to keep on the package's own types that stand for a surface class.
  const allowed = new Map<Container, Set<string>>();
  for (const { surface, moduleSymbol } of packages) {
    const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
    for (const [className, declared] of Object.entries(surface.classes)) {
      const names = [...Object.keys(declared.methods), ...Object.keys(declared.props ?? {})];
      for (const realType of declared.realTypes) {
        const exported = exports.get(realType);
        if (!exported) throw new Error(`${surface.module} exports no ${realType} (${className})`);
        const type = checker.getDeclaredTypeOfSymbol(resolveAlias(checker, exported));
        for (const property of checker.getPropertiesOfType(type)) {
          for (const declaration of property.declarations ?? []) {
            const container = declaration.parent;
            if (!isContainer(container) || !packageOf(container.getSourceFile())) continue;
            const kept = allowed.get(container) ?? new Set<string>();
            allowed.set(container, kept);
            if (names.includes(property.name)) kept.add(property.name);
          }
        }
        // The class or interface itself: its statics and private members go too.
        for (const declaration of resolveAlias(checker, exported).declarations ?? []) {
          if (isContainer(declaration) && !allowed.has(declaration)) {
            allowed.set(declaration, new Set());
          }
        }
      }
    }
  }
  const removed = (node: ts.Node): boolean => {
    const parent = node.parent as ts.Node | undefined;
    if (parent && isContainer(parent) && allowed.has(parent)) {
      if (ts.isHeritageClause(node)) return node.token === ts.SyntaxKind.ImplementsKeyword;
      if (!(parent.members as ts.NodeArray<ts.Node>).includes(node)) return false;
      if (ts.isConstructorDeclaration(node) || ts.isIndexSignatureDeclaration(node)) return false;
      if (ts.isCallSignatureDeclaration(node) || ts.isConstructSignatureDeclaration(node)) {
        return false;
      }
      const name = (node as ts.NamedDeclaration).name;
      if (!name) return false;
      const text = ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : '';
      return !allowed.get(parent)?.has(text);
    }
    return false;
  };

  // Reachability, statement by statement, from the exports the simulated modules have.
  const keptStatements = new Set<ts.Statement>();
  const usedAliases = new Set<ts.Node>();
  const external = new Map<string, ExternalName>();
  const queue: ts.Statement[] = [];
  const keep = (statement: ts.Statement): void => {
    if (keptStatements.has(statement)) return;
    keptStatements.add(statement);
    queue.push(statement);
  };
  const reach = (symbol: ts.Symbol, accept: (d: ts.Declaration) => boolean = () => true): void => {
    let current = symbol;
    // Follow re-exports and imports one hop at a time: each hop's statement must stay.
    for (let hops = 0; current.flags & ts.SymbolFlags.Alias && hops < 20; hops++) {
      for (const declaration of current.declarations ?? []) {
        if (!packageOf(declaration.getSourceFile())) continue;
        usedAliases.add(declaration);
        const statement = topStatement(declaration);
        if (statement) keep(statement);
      }
      const next = checker.getImmediateAliasedSymbol(current);
      if (!next) return;
      current = next;
    }
    for (const declaration of current.declarations ?? []) {
      const file = declaration.getSourceFile();
      if (packageOf(file)) {
        const statement = topStatement(declaration);
        if (statement && accept(declaration)) keep(statement);
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
      // An export the simulator calls for a remote object keeps only the overloads giving it.
      const call = surface.exports[name]?.call;
      const gives =
        typeof call === 'object' ? (surface.classes[call.remote]?.realTypes ?? []) : undefined;
      reach(symbol, (declaration) => {
        if (gives === undefined || !ts.isFunctionDeclaration(declaration)) return true;
        const signature = checker.getSignatureFromDeclaration(declaration);
        const returned = signature && checker.getReturnTypeOfSignature(signature);
        const awaited = returned && checker.getAwaitedType(returned);
        return gives.includes(awaited?.getSymbol()?.name ?? '');
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

  // Every `export * from` of a kept file stays, and so does the file it names.
  const files: TypingsFile[] = [];
  const emitted = new Set<ts.SourceFile>();
  const pending = [...new Set([...keptStatements].map((s) => s.getSourceFile()))];
  while (pending.length > 0) {
    const file = pending.pop() as ts.SourceFile;
    if (emitted.has(file)) continue;
    emitted.add(file);
    for (const statement of file.statements) {
      if (ts.isExportDeclaration(statement) && !statement.exportClause) {
        keptStatements.add(statement);
        const target = statement.moduleSpecifier
          ? checker.getSymbolAtLocation(statement.moduleSpecifier)?.valueDeclaration
          : undefined;
        if (target && ts.isSourceFile(target) && packageOf(target)) pending.push(target);
      }
    }
  }
  for (const file of emitted) {
    const owner = packageOf(file);
    if (!owner) continue;
    const text = file.statements
      .filter((s) => keptStatements.has(s))
      .map((s) => statementText(s, removed, usedAliases).replace(/^\s*\n/, ''))
      // Node's own types are not shipped: the editor gets a small hand-kept file instead.
      .map((t) => t.replace(/^\/\/\/ *<reference types="node" *\/>\n/gm, ''))
      .filter((t) => t.trim() !== '')
      .join('\n');
    files.push({
      path: `node_modules/${owner.surface.module}/${relative(owner.typesRoot, file.fileName)}`,
      text: `${text}\n`,
    });
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  return { files, external: [...external.values()] };
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
 * A kept statement as text: verbatim, with its leading comments, less the members a surface
 * leaves out, `implements` clauses of trimmed classes, and import bindings nothing uses.
 */
function statementText(
  statement: ts.Statement,
  removed: (node: ts.Node) => boolean,
  usedAliases: ReadonlySet<ts.Node>,
): string {
  if (ts.isImportDeclaration(statement)) return importText(statement, usedAliases);
  if (ts.isImportEqualsDeclaration(statement)) {
    return usedAliases.has(statement) ? statement.getFullText() : '';
  }
  if (ts.isExportDeclaration(statement) && statement.exportClause) {
    return exportText(statement, usedAliases);
  }
  if (ts.isExportAssignment(statement) && !usedAliases.has(statement)) return '';
  const source = statement.getSourceFile().text;
  const cuts: [number, number][] = [];
  const visit = (node: ts.Node): void => {
    if (removed(node)) {
      cuts.push([node.getFullStart(), node.getEnd()]);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  let text = '';
  let at = statement.getFullStart();
  for (const [start, end] of cuts.sort((a, b) => a[0] - b[0])) {
    text += source.slice(at, start);
    at = end;
  }
  return text + source.slice(at, statement.getEnd());
}

const printer = ts.createPrinter();

function importText(statement: ts.ImportDeclaration, used: ReadonlySet<ts.Node>): string {
  const clause = statement.importClause;
  if (!clause) return '';
  const name = clause.name && used.has(clause) ? clause.name : undefined;
  let bindings: ts.NamedImportBindings | undefined;
  if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) {
    if (used.has(clause.namedBindings)) bindings = clause.namedBindings;
  } else if (clause.namedBindings) {
    const elements = clause.namedBindings.elements.filter((e) => used.has(e));
    if (elements.length > 0) bindings = ts.factory.createNamedImports(elements);
  }
  if (!name && !bindings) return '';
  const updated = ts.factory.updateImportDeclaration(
    statement,
    statement.modifiers,
    ts.factory.updateImportClause(clause, clause.phaseModifier, name, bindings),
    statement.moduleSpecifier,
    statement.attributes,
  );
  return `\n${printer.printNode(ts.EmitHint.Unspecified, updated, statement.getSourceFile())}`;
}

function exportText(statement: ts.ExportDeclaration, used: ReadonlySet<ts.Node>): string {
  const clause = statement.exportClause;
  if (!clause || ts.isNamespaceExport(clause)) {
    return clause && used.has(clause) ? statement.getFullText() : '';
  }
  const elements = clause.elements.filter((e) => used.has(e));
  if (elements.length === 0) return '';
  const updated = ts.factory.updateExportDeclaration(
    statement,
    statement.modifiers,
    statement.isTypeOnly,
    ts.factory.createNamedExports(elements),
    statement.moduleSpecifier,
    statement.attributes,
  );
  return `\n${printer.printNode(ts.EmitHint.Unspecified, updated, statement.getSourceFile())}`;
}
