import type { FaultAmounts } from '../runtime/run-option-limits';

/**
 * The sentence at the top of a sandbox that says what differs from the lesson's own setup:
 * "Duplicate 30 % on · 1 file edited". Faults and edits are kept per embed and per browser, so
 * a reader who comes back must see them without opening the flow view or every tab; empty when
 * nothing differs.
 *
 * @example
 * stateLine({ drop: 0, duplicate: 0.3, delayMs: 0, jitterMs: 0, reorder: 0 }, 1);
 * // 'Duplicate 30 % on · 1 file edited'
 */
export function stateLine(faults: FaultAmounts | undefined, editedFiles: number): string {
  const parts: string[] = [];
  if (faults) {
    const percent = (p: number) => `${Math.round(p * 1000) / 10} %`;
    if (faults.drop > 0) parts.push(`Drop ${percent(faults.drop)} on`);
    if (faults.duplicate > 0) parts.push(`Duplicate ${percent(faults.duplicate)} on`);
    if (faults.delayMs > 0) {
      const jitter = faults.jitterMs > 0 ? ` ± ${faults.jitterMs} ms` : '';
      parts.push(`Delay ${faults.delayMs} ms${jitter} on`);
    }
    if (faults.reorder > 0) parts.push(`Reorder ${percent(faults.reorder)} on`);
  }
  if (editedFiles > 0) parts.push(`${editedFiles} ${editedFiles === 1 ? 'file' : 'files'} edited`);
  return parts.join(' · ');
}
