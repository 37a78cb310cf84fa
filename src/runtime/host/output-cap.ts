import type { OutputLine } from '../contract';

/**
 * The run's console budget. Sandbox code can print without end, and every line shown is kept
 * and rendered by the page, so a run shows at most `limit` lines in all: the first line past it
 * becomes one note, and later ones are dropped while the services keep running. Lines the run
 * itself says (system lines, failures) always show, and count: a reader must see why a
 * service stopped. Each service's thread also stops sending after `limit` lines of its own
 * (`outputLimit` in its `start`, counted in ../guest/run-guest.ts) and says so once
 * ({@link serviceCappedNote}). Each line's own length is cut by the bridge (line-cap.ts).
 *
 * @example
 * const cap = new OutputCap(2_000, (line) => output$.next(line));
 * cap.printed({ service: 'email', level: 'log', text: 'sent', time: 0 });
 */
export class OutputCap {
  private shownLines = 0;
  private noted = false;

  constructor(
    readonly limit: number,
    private readonly show: (line: OutputLine) => void,
  ) {}

  /** Lines shown so far, the run's own included (a Step that printed one is done). */
  get shown(): number {
    return this.shownLines;
  }

  /** A line a service printed: shown while the run is under its limit. */
  printed(line: OutputLine): void {
    if (this.shownLines >= this.limit) {
      if (!this.noted) {
        this.noted = true;
        this.show({
          service: 'system',
          level: 'system',
          text: `Output limit reached (${this.limit.toLocaleString('en')} lines): later lines are hidden; the services keep running.`,
          time: line.time,
        });
      }
      return;
    }
    this.always(line);
  }

  /** A line the run says itself (a system line, a failure): shown past the limit too. */
  always(line: OutputLine): void {
    this.shownLines += 1;
    this.show(line);
  }
}

/** What the run says once a service's thread stopped sending lines after `limit` of them. */
export function serviceCappedNote(service: string, limit: number): string {
  return `${service} printed more than ${limit.toLocaleString('en')} lines; the rest are hidden.`;
}
