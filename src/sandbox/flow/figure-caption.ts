import { formatCount, h, setText } from './dom';
import type { FlowTotals } from './flow-counters';

/**
 * The figure's caption: whole-run totals (published, delivered, acked always; commits and
 * trouble only once they happened, coloured by tone) and how many hops were not animated.
 */
export class FigureCaption {
  readonly element: HTMLElement;
  private readonly totals: HTMLElement;
  private readonly skippedNote: HTMLElement;

  constructor() {
    this.totals = h('span', { class: 'totals' });
    this.skippedNote = h('span', { class: 'skipped' });
    this.element = h('figcaption', {}, this.totals, this.skippedNote);
  }

  /** Shows the totals and the count of hops that were not animated (rebuilt only on change). */
  update(t: FlowTotals, skipped: number): void {
    setText(
      this.skippedNote,
      skipped > 0 ? `${formatCount(skipped)} hops not animated (too many at once)` : '',
    );
    const parts: [string, number, string][] = [
      ['published', t.published, ''],
      ['delivered', t.delivered, ''],
      ['acked', t.acked, ''],
      ['committed', t.committed, 'optional'],
      ['redelivered', t.redelivered, 'retry'],
      ['duplicated', t.duplicated, 'retry'],
      ['dead-lettered', t.deadLettered, 'dead'],
      ['dropped', t.dropped, 'bad'],
      ['expired', t.expired, 'bad'],
    ];
    const key = parts.map((p) => p[1]).join(',');
    if (this.totals.dataset['key'] !== key) {
      this.totals.dataset['key'] = key;
      this.totals.replaceChildren(
        ...parts
          .filter(([, n, tone]) => tone === '' || n > 0)
          .map(([name, n, tone]): [string, number, string] => [
            name,
            n,
            tone === 'optional' ? '' : tone,
          ])
          .map(([name, n, tone]) =>
            h('span', { class: tone }, h('b', {}, formatCount(n)), ` ${name}`),
          ),
      );
    }
  }

  /** Empties the caption (no run shown). */
  clear(): void {
    setText(this.totals, '');
    setText(this.skippedNote, '');
  }
}
