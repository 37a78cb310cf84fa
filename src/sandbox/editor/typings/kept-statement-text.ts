import ts from 'typescript';

/** Whether a node of a kept statement is left out (a member no surface lists, say). */
export type RemovedNode = (node: ts.Node) => boolean;

/**
 * A kept statement as text: verbatim, with its leading comments, less the members a surface
 * leaves out, `implements` clauses of trimmed classes, and import bindings nothing uses.
 */
export function statementText(
  statement: ts.Statement,
  removed: RemovedNode,
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
