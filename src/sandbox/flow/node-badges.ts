import { s } from './dom';
import { shapePaths, type EventStyle } from './event-style';
import type { NodeCounters } from './flow-counters';

/**
 * The pills at a box's top right corner: how many messages were dead-lettered, dropped, expired,
 * redelivered or duplicated there. Only non-zero counts are shown, right-aligned,
 * and they are rebuilt only when a count changed (most frames change none).
 */
export class NodeBadges {
  /** The counts drawn last, so an unchanged frame touches no DOM. */
  private drawn = '';

  /** @param element the group the badges go in, its origin at the box's top right corner. */
  constructor(readonly element: SVGGElement) {}

  /** Redraws the badges if a count changed. */
  update(c: NodeCounters): void {
    // Same shapes as the moving dots and the legend, so a badge reads without a font glyph.
    const list: [EventStyle['tone'], EventStyle['shape'], number][] = [
      ['dead', 'square', c.deadLettered],
      ['lost', 'cross', c.dropped],
      ['expired', 'cross', c.expired],
      ['retry', 'ring', c.redelivered],
      ['fault', 'diamond', c.duplicated],
    ];
    const shown = list.filter(([, , n]) => n > 0);
    const key = shown.map(([k, , n]) => `${k}${n}`).join(' ');
    if (key === this.drawn) return;
    this.drawn = key;
    let right = -2;
    const items: SVGGElement[] = [];
    for (const [tone, shape, n] of shown) {
      const text = String(n);
      const width = 24 + text.length * 6.5;
      right -= width;
      items.push(
        s(
          'g',
          { class: `badge ${tone}`, transform: `translate(${right} -8)` },
          s('rect', { width, height: 16, rx: 8 }),
          s(
            'g',
            { class: `dot ${tone}`, transform: 'translate(9.5 8) scale(0.62)' },
            s('path', { d: shapePaths[shape] }),
          ),
          s('text', { x: 17, y: 11.5 }, text),
        ),
      );
      right -= 3;
    }
    this.element.replaceChildren(...items);
  }
}
