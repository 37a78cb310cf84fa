// Byte budgets on what the built site ships (bytes, not timings: timings live in `npm run bench`).
import { existsSync, readdirSync } from 'node:fs';
import { measurePage } from './page-weight.mjs';

const dist = 'dist';
const budgets = [
  { page: 'lessons/what-is-eda/', label: 'plain lesson page', maxKb: 30 },
  { page: 'lessons/delivery-guarantees/', label: 'lesson page with a sandbox', maxKb: 150 },
  ...(existsSync('dist/play')
    ? readdirSync('dist/play').map((id) => ({
        page: `play/${id}/`,
        label: `sandbox page ${id}`,
        maxKb: 150,
      }))
    : []),
];

let failed = 0;
for (const budget of budgets) {
  if (!existsSync(`${dist}/${budget.page}index.html`)) {
    console.log(`MISSING  ${budget.page} (${budget.label}) was not built`);
    failed += 1;
    continue;
  }
  const { eagerBytes, eagerFiles, lazyBytes } = measurePage(dist, budget.page);
  const kb = eagerBytes / 1024;
  const ok = kb <= budget.maxKb;
  if (!ok) failed += 1;
  console.log(
    `${ok ? 'ok      ' : 'OVER    '} ${budget.page.padEnd(36)} ${kb.toFixed(1).padStart(7)} KB gz in ${eagerFiles} files before interaction (budget ${budget.maxKb} KB; on demand: ${(lazyBytes / 1024).toFixed(1)} KB gz)`,
  );
}
console.log(`${budgets.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
