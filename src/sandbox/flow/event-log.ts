import type { TraceKind } from '../../broker/core/trace-event';
import { formatCount, formatTime, h, setText, uid } from './dom';
import { eventStyle } from './event-style';
import type { TraceStore } from './trace-store';

/** Rows above and below the visible window that are kept rendered, for smooth scrolling. */
const overscan = 4;

/**
 * The event log: every trace event in order, the accessible twin of the figure. It is a
 * virtualised ARIA grid (only the rows in view exist in the DOM) so 10,000+ events stay
 * smooth; filters narrow it by service and kind, and the replay cursor can cut it short.
 */
export class EventLog {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly body: HTMLElement;
  private readonly note: HTMLElement;
  private readonly follow: HTMLButtonElement;
  private readonly serviceSelect: HTMLSelectElement;
  private readonly kindSelect: HTMLSelectElement;
  /** Rendered rows by position, so scrolling by k rows rewrites only k rows. */
  private readonly rows = new Map<number, HTMLElement>();
  private readonly spare: HTMLElement[] = [];
  /** Layout values kept from events, so a frame never has to force a layout to read them. */
  private viewport = 288;
  private scrollTop = 0;
  private readonly rowHeight = 28;
  private optionsVersion = -1;
  private limit = Number.POSITIVE_INFINITY;
  private following = true;
  private selected: number | undefined;
  /** Position (among filtered rows) of the keyboard cursor. */
  private active = -1;
  private lastCount = -1;
  private programmaticScroll = false;
  private readonly idPrefix = uid('flow-row');

  constructor(
    private readonly store: TraceStore,
    private readonly onSelect: (index: number) => void,
  ) {
    const serviceId = uid('flow-service');
    const kindId = uid('flow-kind');
    this.serviceSelect = h('select', { id: serviceId });
    this.kindSelect = h('select', { id: kindId });
    const filters = h(
      'div',
      { class: 'filters' },
      h('label', { for: serviceId }, 'Service'),
      this.serviceSelect,
      h('label', { for: kindId }, 'Kind'),
      this.kindSelect,
    );
    this.serviceSelect.addEventListener('change', () => this.applyFilter());
    this.kindSelect.addEventListener('change', () => this.applyFilter());

    const header = h('div', { role: 'row', class: 'row', 'aria-rowindex': 1 });
    const columns = [
      ['num', '#'],
      ['time', 'Time'],
      ['kind-head', 'Kind'],
      ['msg', 'Message'],
      ['route', 'From → to'],
    ] as const;
    for (const [cls, name] of columns)
      header.append(h('div', { role: 'columnheader', class: cls }, name));
    this.body = h('div', { role: 'rowgroup', class: 'log-body' });
    this.grid = h(
      'div',
      {
        class: 'log',
        role: 'grid',
        'aria-label': 'Event log',
        'aria-readonly': 'true',
        'aria-colcount': 5,
        'aria-rowcount': 1,
        tabindex: 0,
      },
      h('div', { role: 'rowgroup', class: 'log-head' }, header),
      this.body,
    );
    this.grid.addEventListener('scroll', () => {
      // Our own scroll already knows where it went; reading scrollTop would force a layout.
      if (this.programmaticScroll) {
        this.programmaticScroll = false;
        return;
      }
      this.scrollTop = this.grid.scrollTop;
      const content = Math.max(0, this.lastCount) * this.rowHeight + this.rowHeight;
      this.following = this.scrollTop + this.viewport >= content - this.rowHeight;
      this.render();
      this.updateFollow();
    });
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver((entries) => {
        const height = entries[0]?.contentRect.height;
        if (height) this.viewport = height;
      }).observe(this.grid);
    }
    this.grid.addEventListener('keydown', (event) => this.onKey(event));
    this.body.addEventListener('click', (event) => {
      const row = (event.target as Element).closest<HTMLElement>('[role="row"]');
      const position = Number(row?.dataset['position']);
      if (!Number.isInteger(position)) return;
      this.active = position;
      this.selectPosition(position);
    });
    this.follow = h('button', { type: 'button' }, 'Jump to latest');
    this.follow.hidden = true;
    this.follow.addEventListener('click', () => {
      this.following = true;
      this.lastCount = -1;
      this.refresh();
    });
    this.note = h('span');
    this.element = h(
      'section',
      { class: 'log-wrap', 'aria-label': 'Event log section' },
      filters,
      this.grid,
      h('div', { class: 'log-note' }, this.note, this.follow),
    );
    this.refreshOptions();
  }

  /** Only events before this index are shown (the replay cursor); Infinity shows all. */
  setLimit(limit: number): void {
    this.limit = limit;
    this.lastCount = -1;
  }

  /** Shows one service's events only (from a click on its box), or all. */
  setServiceFilter(service: string | undefined): void {
    this.refreshOptions();
    this.serviceSelect.value = service ?? '';
    this.applyFilter();
  }

  /** Marks the selected event's row. */
  setSelected(index: number | undefined): void {
    this.selected = index;
    if (index !== undefined) {
      const position = this.store.positionOf(index);
      if (position >= 0) {
        this.active = position;
        this.following = false;
        this.scrollTo(position);
      }
    }
    this.lastCount = -1;
    this.refresh();
  }

  /** Brings the log up to date with the store (once per frame at most). */
  refresh(): void {
    // Options first: a new service or kind rewrites a menu, which dirties layout only once.
    if (this.store.optionsVersion !== this.optionsVersion) this.refreshOptions();
    const count = this.store.matchingCount(this.limit);
    const changed = count !== this.lastCount;
    if (changed) {
      this.lastCount = count;
      this.body.style.height = `${count * this.rowHeight}px`;
      // Fewer rows (a scrub back, a filter): the browser pulls its scroll position in, so the
      // cached one must follow, or the window drawn is below what is on screen (blank rows).
      const maxTop = Math.max(0, (count + 1) * this.rowHeight - this.viewport);
      if (this.scrollTop > maxTop) {
        this.scrollTop = maxTop;
        this.grid.scrollTop = maxTop;
      }
      // Scroll before any write outside the log: the log is a layout boundary, so the layout
      // this write forces stays inside it.
      if (this.following && count > 0) this.scrollTo(count - 1);
    }
    this.render();
    if (!changed) return;
    this.grid.setAttribute('aria-rowcount', String(count + 1));
    const total = Math.min(this.limit, this.store.events.length);
    let text =
      count !== total
        ? `${formatCount(count)} of ${formatCount(total)} events shown`
        : `${formatCount(count)} events`;
    if (this.store.dropped > 0) {
      text += ` · the first ${formatCount(this.store.events.length)} were kept, ${formatCount(this.store.dropped)} later ones only counted`;
    }
    setText(this.note, text);
    this.updateFollow();
  }

  private updateFollow(): void {
    const hide = this.following || this.lastCount <= 0;
    if (this.follow.hidden !== hide) this.follow.hidden = hide;
  }

  /** Clears filters and rows for a new run. */
  reset(): void {
    // A new run reuses the row elements at the same positions: forget what they showed, or a
    // row whose index and position match the old run's keeps the old event's text.
    for (const row of [...this.rows.values(), ...this.spare]) {
      delete row.dataset['index'];
      delete row.dataset['position'];
    }
    this.limit = Number.POSITIVE_INFINITY;
    this.following = true;
    this.selected = undefined;
    this.active = -1;
    this.lastCount = -1;
    this.serviceSelect.value = '';
    this.kindSelect.value = '';
    this.store.setFilter({});
    this.refresh();
  }

  private refreshOptions(): void {
    this.optionsVersion = this.store.optionsVersion;
    fill(this.serviceSelect, 'All services', [...this.store.services].sort());
    fill(this.kindSelect, 'All kinds', [...this.store.kinds].sort());
  }

  private applyFilter(): void {
    const service = this.serviceSelect.value;
    const kind = this.kindSelect.value as TraceKind | '';
    this.store.setFilter({
      ...(service ? { service } : {}),
      ...(kind ? { kind } : {}),
    });
    this.lastCount = -1;
    const position = this.selected === undefined ? -1 : this.store.positionOf(this.selected);
    this.active = position;
    this.following = position < 0;
    this.refresh();
    if (position >= 0) this.scrollTo(position);
  }

  private scrollTo(position: number): void {
    const top = position * this.rowHeight;
    const view = this.viewport - this.rowHeight; // minus the sticky header
    let next = this.scrollTop;
    if (top < next) next = top;
    else if (top + this.rowHeight > next + view) next = top + this.rowHeight - view;
    next = Math.max(0, next);
    if (next !== this.scrollTop) {
      this.programmaticScroll = true;
      this.scrollTop = next;
      this.grid.scrollTop = next;
    }
  }

  private render(): void {
    const count = Math.max(0, this.lastCount);
    const first = Math.max(0, Math.floor(this.scrollTop / this.rowHeight) - overscan);
    const visible = Math.ceil(this.viewport / this.rowHeight) + overscan * 2;
    const last = Math.min(count, first + visible);
    for (const [position, row] of this.rows) {
      if (position < first || position >= last) {
        this.rows.delete(position);
        row.hidden = true;
        this.spare.push(row);
      }
    }
    let activeId: string | undefined;
    // Rows must also be in order in the DOM (reading order, not only aria-rowindex): a run of
    // new rows at the end is appended, anything else re-sorts the few visible rows.
    let previous: Element | null = null;
    let ordered = true;
    for (let position = first; position < last; position++) {
      let row = this.rows.get(position);
      if (!row) {
        row = this.spare.pop() ?? this.newRow();
        row.hidden = false;
        this.rows.set(position, row);
      }
      if (ordered && previous !== null && previous.nextElementSibling !== row) ordered = false;
      previous = row;
      const index = this.store.matchingAt(position) ?? 0;
      const event = this.store.events[index];
      if (!event) continue;
      if (row.dataset['index'] !== String(index) || row.dataset['position'] !== String(position)) {
        row.dataset['index'] = String(index);
        row.dataset['position'] = String(position);
        row.style.transform = `translateY(${position * this.rowHeight}px)`;
        row.setAttribute('aria-rowindex', String(position + 2));
        row.id = `${this.idPrefix}-${position}`;
        const [num, time, kind, msg, route] = row.children as unknown as HTMLElement[];
        const style = eventStyle(event.kind);
        setText(num as HTMLElement, String(event.seq));
        setText(time as HTMLElement, formatTime(event.time));
        setText(kind as HTMLElement, event.kind);
        (kind as HTMLElement).className = `kind ${style.tone}`;
        setText(msg as HTMLElement, event.messageId ?? '');
        const routeText = `${event.from} → ${event.to}${event.reason ? ` (${event.reason})` : ''}`;
        setText(route as HTMLElement, routeText);
        (route as HTMLElement).title = routeText;
      }
      const isSelected = String(index === this.selected);
      if (row.getAttribute('aria-selected') !== isSelected)
        row.setAttribute('aria-selected', isSelected);
      const isActive = position === this.active;
      if (row.classList.contains('active') !== isActive) row.classList.toggle('active', isActive);
      if (isActive) activeId = row.id;
    }
    if (!ordered) {
      const inOrder = [...this.rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
      this.body.append(...inOrder, ...this.spare);
    }
    if (activeId) {
      if (this.grid.getAttribute('aria-activedescendant') !== activeId) {
        this.grid.setAttribute('aria-activedescendant', activeId);
      }
    } else if (this.grid.hasAttribute('aria-activedescendant')) {
      this.grid.removeAttribute('aria-activedescendant');
    }
  }

  private newRow(): HTMLElement {
    const row = h('div', { role: 'row', class: 'row', 'aria-selected': 'false' });
    for (const cls of ['num', 'time', 'kind', 'msg', 'route']) {
      row.append(h('div', { role: 'gridcell', class: cls }));
    }
    this.body.append(row);
    return row;
  }

  private onKey(event: KeyboardEvent): void {
    const count = Math.max(0, this.lastCount);
    if (count === 0) return;
    const page = Math.max(1, Math.floor(this.viewport / this.rowHeight) - 1);
    let next = this.active < 0 ? count - 1 : this.active;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(count - 1, next + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, next - 1);
        break;
      case 'PageDown':
        next = Math.min(count - 1, next + page);
        break;
      case 'PageUp':
        next = Math.max(0, next - page);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        this.selectPosition(next);
        return;
      default:
        return;
    }
    event.preventDefault();
    this.active = next;
    this.following = next === count - 1;
    this.scrollTo(next);
    this.render();
    this.updateFollow();
  }

  private selectPosition(position: number): void {
    const index = this.store.matchingAt(position);
    if (index !== undefined) this.onSelect(index);
  }
}

function fill(select: HTMLSelectElement, allLabel: string, values: readonly string[]): void {
  const current = select.value;
  select.replaceChildren(
    h('option', { value: '' }, allLabel),
    ...values.map((value) => h('option', { value }, value)),
  );
  select.value = values.includes(current) ? current : '';
}
