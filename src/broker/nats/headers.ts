import { InvalidArgumentError } from './nats-errors';

/** How header keys are compared (`Match` of `@nats-io/nats-core`). */
export const Match = {
  Exact: 'exact',
  CanonicalMIME: 'canonical',
  IgnoreCase: 'insensitive',
} as const;
export type Match = (typeof Match)[keyof typeof Match];

const statusLine = 'NATS/1.0';

/** `content-type` → `Content-Type`, refusing characters a header name may not hold. */
export function canonicalMIMEHeaderKey(k: string): string {
  let upper = true;
  let out = '';
  for (let i = 0; i < k.length; i++) {
    let c = k.charCodeAt(i);
    if (c === 58 || c < 33 || c > 126) {
      throw InvalidArgumentError.format(
        'header',
        `'${k[i] ?? ''}' is not a valid character in a header name`,
      );
    }
    if (upper && c >= 97 && c <= 122) c -= 32;
    else if (!upper && c >= 65 && c <= 90) c += 32;
    out += String.fromCharCode(c);
    upper = c === 45;
  }
  return out;
}

/**
 * Message headers as `@nats-io/nats-core`'s MsgHdrsImpl (`lib/headers.js`): multi-valued, keys
 * kept as written (unless matched canonically), plus the status line a server puts on
 * status messages (503 no responders, 408 request timeout…).
 */
export class MsgHdrsImpl implements Iterable<[string, string[]]> {
  private readonly headers = new Map<string, string[]>();

  constructor(
    private _code = 0,
    private _description = '',
  ) {}

  [Symbol.iterator](): IterableIterator<[string, string[]]> {
    return this.headers.entries();
  }

  size(): number {
    return this.headers.size;
  }

  get hasError(): boolean {
    return this._code >= 300;
  }

  get status(): string {
    return `${this._code} ${this._description}`.trim();
  }

  get code(): number {
    return this._code;
  }

  get description(): string {
    return this._description;
  }

  keys(): string[] {
    return [...this.headers.keys()];
  }

  get(k: string, match: Match = Match.Exact): string {
    const key = this.findKeys(k, match)[0];
    return key === undefined ? '' : (this.headers.get(key)?.[0] ?? '');
  }

  last(k: string, match: Match = Match.Exact): string {
    const key = this.findKeys(k, match)[0];
    const values = key === undefined ? undefined : this.headers.get(key);
    return values?.[values.length - 1] ?? '';
  }

  has(k: string, match: Match = Match.Exact): boolean {
    return this.findKeys(k, match).length > 0;
  }

  set(k: string, v: string, match: Match = Match.Exact): void {
    this.delete(k, match);
    this.append(k, v, match);
  }

  append(k: string, v: string, match: Match = Match.Exact): void {
    const canonical = canonicalMIMEHeaderKey(k);
    if (match === Match.CanonicalMIME) k = canonical;
    const key = this.findKeys(k, match)[0] ?? k;
    if (/[\r\n]/.test(v)) {
      throw InvalidArgumentError.format('header', 'values cannot contain \\r or \\n');
    }
    const values = this.headers.get(key);
    if (values) values.push(v.trim());
    else this.headers.set(key, [v.trim()]);
  }

  values(k: string, match: Match = Match.Exact): string[] {
    return this.findKeys(k, match).flatMap((key) => this.headers.get(key) ?? []);
  }

  delete(k: string, match: Match = Match.Exact): void {
    for (const key of this.findKeys(k, match)) this.headers.delete(key);
  }

  toRecord(): Record<string, string[]> {
    const record: Record<string, string[]> = {};
    for (const key of this.keys()) record[key] = this.values(key);
    return record;
  }

  equals(other: MsgHdrsImpl): boolean {
    if (this.headers.size !== other.headers.size || this._code !== other._code) return false;
    for (const [k, v] of this.headers) {
      const a = [...other.values(k)].sort();
      const b = [...v].sort();
      if (a.length !== b.length || a.some((x, i) => x !== b[i])) return false;
    }
    return true;
  }

  /** The wire text: `NATS/1.0[ code description]\r\nKey: value\r\n…\r\n\r\n`, or '' when empty. */
  toString(): string {
    if (this.headers.size === 0 && this._code === 0) return '';
    let s = statusLine;
    if (this._code > 0 && this._description !== '') s += ` ${this._code} ${this._description}`;
    for (const [k, values] of this.headers) for (const v of values) s += `\r\n${k}: ${v}`;
    return `${s}\r\n\r\n`;
  }

  encode(): Uint8Array {
    return new TextEncoder().encode(this.toString());
  }

  /** Parses the wire text back, as the client does for every message that carries headers. */
  static decode(text: string): MsgHdrsImpl {
    const h = new MsgHdrsImpl();
    const lines = text.split('\r\n');
    const first = lines[0] ?? '';
    if (first !== statusLine) {
      let rest = first.replace(statusLine, '').trim();
      if (rest.length > 0) {
        const code = parseInt(rest, 10);
        h._code = Number.isNaN(code) ? 0 : code;
        rest = rest.replace(String(h._code), '');
        h._description = rest.trim();
      }
    }
    for (const line of lines.slice(1)) {
      const idx = line.indexOf(':');
      if (line && idx > -1) h.append(line.slice(0, idx), line.slice(idx + 1).trim());
    }
    return h;
  }

  static fromRecord(record: Record<string, string[] | string>): MsgHdrsImpl {
    const h = new MsgHdrsImpl();
    for (const k in record) {
      const v = record[k]!;
      h.headers.set(k, Array.isArray(v) ? v : [String(v)]);
    }
    return h;
  }

  private findKeys(k: string, match: Match): string[] {
    const keys = this.keys();
    if (match === Match.Exact) return keys.filter((v) => v === k);
    if (match === Match.CanonicalMIME) {
      const canonical = canonicalMIMEHeaderKey(k);
      return keys.filter((v) => v === canonical);
    }
    const lower = k.toLowerCase();
    return keys.filter((v) => v.toLowerCase() === lower);
  }
}

/** `headers(code?, description?)`, the real package's helper. */
export function headers(code = 0, description = ''): MsgHdrsImpl {
  if (code === 0 && description !== '') throw InvalidArgumentError.format('code', 'is required');
  if (code > 0 && description === '') {
    throw InvalidArgumentError.format('description', 'is required');
  }
  return new MsgHdrsImpl(code, description);
}

/** The status header the server puts on a status message (`NATS/1.0 503\r\n\r\n`). */
export function statusHeader(
  code: number,
  description = '',
  extra?: Record<string, string>,
): string {
  let s = `${statusLine} ${code}${description ? ` ${description}` : ''}`;
  if (extra) for (const k in extra) s += `\r\n${k}: ${extra[k]!}`;
  return `${s}\r\n\r\n`;
}
