// Byte budgets on what the built site ships (bytes, not timings: timings live in `npm run bench`).
import { existsSync } from 'node:fs';
import { budgetedPages, measurePage } from './page-weight.mjs';

const dist = 'dist';
const budgets = budgetedPages(dist).filter((page) => page.maxKb !== null);

let failed = 0;
for (const budget of budgets) {
  if (!existsSync(`${dist}/${budget.path}index.html`)) {
    console.log(`MISSING  ${budget.path} (${budget.label}) was not built`);
    failed += 1;
    continue;
  }
  const { eagerBytes, eagerFiles, lazyBytes } = measurePage(dist, budget.path);
  const kb = eagerBytes / 1024;
  const ok = kb <= budget.maxKb;
  if (!ok) failed += 1;
  console.log(
    `${ok ? 'ok      ' : 'OVER    '} ${budget.path.padEnd(36)} ${kb.toFixed(1).padStart(7)} KB gz in ${eagerFiles} files before interaction (budget ${budget.maxKb} KB; on demand: ${(lazyBytes / 1024).toFixed(1)} KB gz)`,
  );
}
console.log(`${budgets.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
