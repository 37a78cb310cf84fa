// For sections written as `export async function run()` returning rows
// { name, value, unit, target }: prints them as a table when the file is run by bench/run.mjs.
import { pathToFileURL } from 'node:url';
import { printTable } from './table.mjs';

/** Runs `run` and prints its rows when `moduleUrl` is the script node was started with. */
export async function printWhenMain(moduleUrl, title, run) {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const rows = await run();
  printTable(
    title,
    ['measure', 'value', 'unit', 'target'],
    rows.map((row) => [row.name, row.value, row.unit, row.target ?? '']),
  );
}
