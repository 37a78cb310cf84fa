import type { OutputLine } from '../runtime/contract';
import { serviceHue } from './service-hue';

/** Where an error was thrown, as the console reports it to its host. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface ConsoleViewOptions {
  /** The `role="log"` element lines are appended to. */
  readonly log: HTMLElement;
  /** Shown when older lines were dropped to stay under the cap. */
  readonly capNote: HTMLElement;
  /** Services in manifest order, so each keeps its colour. */
  readonly services: readonly string[];
  /** Called when the reader clicks an error's file:line. */
  readonly onLocation: (location: SourceLocation) => void;
  /** Most lines kept; older ones are dropped with a visible note. */
  readonly maxLines?: number;
}

const LEVEL_TAG: Partial<Record<OutputLine['level'], string>> = {
  warn: 'warn',
  error: 'error',
};

/**
 * The console of one sandbox: appends output lines tagged with their service (colour and
 * text), styles warnings and errors apart, links error locations, and keeps at most
 * `maxLines` lines. Lines are written in batches per animation frame because a chatty
 * service can print thousands of lines a second.
 */
export class ConsoleView {
  readonly #log: HTMLElement;
  readonly #capNote: HTMLElement;
  readonly #hues = new Map<string, number>();
  readonly #onLocation: (location: SourceLocation) => void;
  readonly #maxLines: number;
  #queue: OutputLine[] = [];
  #frame: number | undefined;
  #dropped = 0;

  constructor(options: ConsoleViewOptions) {
    this.#log = options.log;
    this.#capNote = options.capNote;
    this.#onLocation = options.onLocation;
    this.#maxLines = options.maxLines ?? 1000;
    options.services.forEach((name, i) => this.#hues.set(name, serviceHue(i)));
    // Tags share one width so the text after them lines up in a column.
    const widest = Math.max(7, ...options.services.map((name) => name.length));
    this.#log.style.setProperty('--eda-svc-width', `${widest + 2}ch`);
  }

  /** Queues a line; it appears on the next frame. */
  append(line: OutputLine): void {
    this.#queue.push(line);
    // Bound the queue too: a frame may be far away in a background tab.
    if (this.#queue.length > this.#maxLines) {
      this.#dropped += this.#queue.length - this.#maxLines;
      this.#queue.splice(0, this.#queue.length - this.#maxLines);
    }
    this.#frame ??= requestAnimationFrame(() => this.flush());
  }

  /** Writes queued lines now (also used before reading the console in tests of the host). */
  flush(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
    if (this.#queue.length === 0) return;
    const stick = this.#isNearBottom();
    const fragment = document.createDocumentFragment();
    for (const line of this.#queue) fragment.append(this.#render(line));
    this.#queue = [];
    this.#log.append(fragment);
    const excess = this.#log.childElementCount - this.#maxLines;
    for (let i = 0; i < excess; i++) this.#log.firstElementChild?.remove();
    if (excess > 0) this.#dropped += excess;
    this.#updateCapNote();
    if (stick) this.#log.scrollTop = this.#log.scrollHeight;
  }

  /** Empties the console for a new run. */
  clear(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
    this.#queue = [];
    this.#dropped = 0;
    this.#log.replaceChildren();
    // Keeps its full height from now on (see .eda-log[data-ran]): collapsing on every Run and
    // growing back at the first line would shift the page twice and lay it all out again.
    this.#log.dataset['ran'] = '';
    this.#updateCapNote();
  }

  /** How many lines are shown. */
  get size(): number {
    return this.#log.childElementCount + this.#queue.length;
  }

  #render(line: OutputLine): HTMLElement {
    const row = document.createElement('div');
    row.className = 'eda-line';
    row.dataset['level'] = line.level;
    // When it happened matters when reading about ordering; shown on hover, not in the way.
    row.title = `${(line.time / 1000).toFixed(3)} s after Run`;
    const tag = document.createElement('span');
    tag.className = 'eda-svc';
    tag.textContent = line.service;
    const hue = this.#hues.get(line.service);
    if (hue !== undefined) tag.style.setProperty('--eda-svc-hue', String(hue));
    else tag.classList.add('eda-svc-plain');
    row.append(tag);
    const levelTag = LEVEL_TAG[line.level];
    if (levelTag) {
      const badge = document.createElement('span');
      badge.className = 'eda-level';
      badge.textContent = levelTag;
      row.append(badge);
    }
    const text = document.createElement('span');
    text.className = 'eda-text';
    text.textContent = line.text;
    row.append(text);
    const location = line.location;
    if (location) {
      const link = document.createElement('button');
      link.type = 'button';
      link.className = 'eda-loc';
      link.textContent = `${location.file}:${location.line}`;
      link.title = `Show line ${location.line} of ${location.file}`;
      link.addEventListener('click', () => this.#onLocation(location));
      row.append(link);
    }
    return row;
  }

  #isNearBottom(): boolean {
    const log = this.#log;
    return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  #updateCapNote(): void {
    this.#capNote.hidden = this.#dropped === 0;
    this.#capNote.textContent =
      this.#dropped === 0
        ? ''
        : `Showing the last ${this.#maxLines.toLocaleString('en')} lines; ` +
          `${this.#dropped.toLocaleString('en')} earlier lines were dropped.`;
  }
}
