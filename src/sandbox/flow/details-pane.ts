import type { TraceEvent } from '../../broker/core/trace-event';
import { formatTime, h } from './dom';
import { eventStyle } from './event-style';
import type { TraceStore } from './trace-store';

/** Hops listed for one message; a message looping on requeue can have thousands. */
const maxHops = 300;

function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/**
 * The details pane: the selected event's payload, headers/detail and the whole path of its
 * message (every hop with that id), each hop a button that selects it.
 */
export class DetailsPane {
  readonly element: HTMLElement;

  constructor(
    private readonly store: TraceStore,
    private readonly onSelect: (index: number) => void,
  ) {
    this.element = h('section', { class: 'details', 'aria-label': 'Message details' });
    this.show(undefined, Number.POSITIVE_INFINITY);
  }

  /** Shows one event (by store index) or the hint when nothing is selected. */
  show(index: number | undefined, limit: number): void {
    const event = index === undefined ? undefined : this.store.events[index];
    if (index === undefined || !event) {
      this.element.replaceChildren(
        h('h3', {}, 'Message details'),
        h(
          'p',
          { class: 'hint' },
          'Select a row of the log (or a moving dot) to see its payload, headers and every hop of its message.',
        ),
      );
      return;
    }
    const facts: [string, string][] = [
      ['Time', formatTime(event.time)],
      ['Kind', eventStyle(event.kind).label],
      ['Model', event.model],
      ['From', event.from],
      ['To', event.to],
    ];
    if (event.messageId !== undefined) facts.splice(2, 0, ['Message', event.messageId]);
    if (event.reason !== undefined) facts.push(['Reason', event.reason]);
    const parts: HTMLElement[] = [
      h('h3', {}, `Event #${event.seq}: ${event.kind}`),
      definitions(facts),
    ];
    if (event.detail && Object.keys(event.detail).length > 0) {
      parts.push(
        h('h4', {}, 'Headers and detail'),
        definitions(Object.entries(event.detail).map(([k, v]) => [k, show(v)])),
      );
    }
    if (event.payload !== undefined) {
      // Focusable because it can scroll: keyboard readers must be able to reach all of it.
      parts.push(
        h('h4', {}, 'Payload'),
        h('pre', { tabindex: 0, 'aria-label': 'Payload' }, pretty(event.payload)),
      );
    }
    if (event.messageId !== undefined) parts.push(...this.path(event, index, limit));
    this.element.replaceChildren(...parts);
  }

  private path(event: TraceEvent, index: number, limit: number): HTMLElement[] {
    const hops = this.store.paths.of(event.messageId ?? '');
    const list = h('ol');
    for (const hop of hops.slice(0, maxHops)) {
      const e = this.store.events[hop];
      if (!e) continue;
      const button = h(
        'button',
        {
          type: 'button',
          'aria-current': hop === index ? 'true' : undefined,
          class: hop >= limit ? 'later' : undefined,
        },
        `${formatTime(e.time)} ${e.kind} ${e.from} → ${e.to}${e.reason ? ` (${e.reason})` : ''}`,
      );
      button.addEventListener('click', () => this.onSelect(hop));
      list.append(h('li', {}, button));
    }
    const more = hops.length > maxHops ? ` (first ${maxHops} shown)` : '';
    return [h('h4', {}, `Path of ${event.messageId ?? ''}: ${hops.length} hops${more}`), list];
  }
}

function definitions(rows: readonly [string, string][]): HTMLElement {
  const dl = h('dl');
  for (const [k, v] of rows) dl.append(h('dt', {}, k), h('dd', {}, v));
  return dl;
}
