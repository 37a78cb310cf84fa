/**
 * Reads the tables of docs/broker-semantics.md and checks that every test a row names exists,
 * under that exact title, in the file its label stands for. The format is the one the document
 * explains at its top: a "Test files:" line per broker maps short labels to files, and each
 * table row ends with `label \`title\`` entries separated by "·", or "no test yet".
 */

export interface SemanticsRow {
  broker: string;
  number: string;
  tests: readonly { file: string; title: string }[];
}

const noTest = 'no test yet';
const legendEntry = /\*\*([a-z]+)\*\*\s+`([^`]+)`/g;
const testEntry = /([a-z]+) `([^`]+)`/g;
// it('…'), test("…"), conformance(`…`), natsConformance('…') (the NATS scenarios need their own
// harness), with .only/.skip and friends; the title is the first argument.
const testCall =
  /\b(?:it|test|conformance|natsConformance)(?:\.[a-zA-Z]+)*\(\s*(?:'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|`((?:\\.|[^`\\])*)`)/g;

/** The titles of every test a test file declares. */
export function testTitles(source: string): Set<string> {
  const titles = new Set<string>();
  for (const match of source.matchAll(testCall)) {
    const raw = match[1] ?? match[2] ?? match[3] ?? '';
    titles.add(raw.replace(/\\(.)/g, '$1'));
  }
  return titles;
}

/** Every broker section's rows; throws on a row or legend it cannot read. */
export function parseSemantics(markdown: string): SemanticsRow[] {
  const rows: SemanticsRow[] = [];
  for (const section of markdown.split(/^## /m).slice(1)) {
    const broker = section.slice(0, section.indexOf('\n')).trim();
    const legendStart = section.indexOf('Test files:');
    if (legendStart < 0) continue; // a section without tables ("Not modelled")
    const legendText = section.slice(legendStart, section.indexOf('\n\n', legendStart));
    const files = new Map([...legendText.matchAll(legendEntry)].map((m) => [m[1]!, m[2]!]));
    for (const line of section.split('\n')) {
      const cells = line.split('|').map((cell) => cell.trim());
      const number = cells[1] ?? '';
      if (!/^\d+$/.test(number)) continue;
      const testsCell = cells[cells.length - 2] ?? '';
      rows.push({ broker, number, tests: readTests(testsCell, files, `${broker} ${number}`) });
    }
  }
  return rows;
}

function readTests(cell: string, files: Map<string, string>, where: string) {
  if (cell === noTest) return [];
  const tests = [...cell.matchAll(testEntry)].map(([, label = '', title = '']) => {
    const file = files.get(label);
    if (!file) throw new Error(`${where}: label "${label}" is not in the section's Test files`);
    return { file, title };
  });
  const leftover = cell.replace(testEntry, '').replace(/·/g, '').trim();
  if (tests.length === 0 || leftover !== '') {
    throw new Error(`${where}: cannot read the tests cell "${cell}"`);
  }
  return tests;
}

/** One line per named test that is not where the document says, empty when all are. */
export function missingTests(
  rows: readonly SemanticsRow[],
  readFile: (path: string) => string | undefined,
): string[] {
  const titlesByFile = new Map<string, Set<string> | undefined>();
  const missing: string[] = [];
  for (const row of rows) {
    for (const { file, title } of row.tests) {
      if (!titlesByFile.has(file)) {
        const source = readFile(file);
        titlesByFile.set(file, source === undefined ? undefined : testTitles(source));
      }
      const titles = titlesByFile.get(file);
      if (!titles) missing.push(`${row.broker} ${row.number}: no file ${file}`);
      else if (!titles.has(title))
        missing.push(`${row.broker} ${row.number}: ${file} has no test "${title}"`);
    }
  }
  return missing;
}
