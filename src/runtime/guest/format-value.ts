/** The hidden key a remote proxy answers with its class name, so logs show `Redis {}`. */
export const remoteClassKey: unique symbol = Symbol('sandbox.remoteClass');

const breakLength = 72;
const maxItems = 100;
const maxBytes = 50;
const identifier = /^[A-Za-z_$][\w$]*$/;
// Captured now: after lockdown the global `Function` throws.
// eslint-disable-next-line @typescript-eslint/unbound-method -- always invoked with .call()
const functionSource = Function.prototype.toString;

/** Options for {@link formatValue}. */
export interface FormatOptions {
  /** How deep nested objects are shown before `[Object]` (Node's default is 2). */
  readonly depth?: number;
}

/**
 * Formats a value roughly as Node's `util.inspect` does, so console output in the browser
 * looks like the same program's output in a terminal.
 *
 * @example
 * formatValue({ id: 'u-1', tags: ['a'] }); // "{ id: 'u-1', tags: [ 'a' ] }"
 */
export function formatValue(value: unknown, options: FormatOptions = {}): string {
  return inspect(value, options.depth ?? 2, 0, new Set());
}

/**
 * Formats console arguments like Node's `console.log`: printf-style `%s %d %i %f %j %o %O %c`
 * in a leading string, then every remaining argument separated by a space.
 *
 * @example
 * formatLogArgs(['%s has %d items', 'cart', 3, { a: 1 }]); // "cart has 3 items { a: 1 }"
 */
export function formatLogArgs(args: readonly unknown[]): string {
  let rest = args;
  let head = '';
  const first = args[0];
  if (typeof first === 'string' && first.includes('%') && args.length > 1) {
    let index = 1;
    head = first.replace(/%([sdifjoOc%])/g, (match, code: string) => {
      if (code === '%') return '%';
      if (index >= args.length) return match;
      const arg = args[index++];
      switch (code) {
        case 's':
          return typeof arg === 'string'
            ? arg
            : typeof arg === 'object' && arg !== null
              ? inspect(arg, 1, 0, new Set())
              : formatPrimitive(arg, false);
        case 'd':
        case 'i': {
          if (typeof arg === 'bigint') return `${arg}n`;
          const n = typeof arg === 'object' ? NaN : Number(arg);
          return String(code === 'i' ? Math.trunc(n) : n);
        }
        case 'f':
          return String(parseFloat(String(arg)));
        case 'j':
          try {
            return JSON.stringify(arg) ?? 'undefined';
          } catch {
            return '[Circular]';
          }
        case 'c':
          return '';
        default:
          return inspect(arg, code === 'o' ? 4 : 2, 0, new Set());
      }
    });
    rest = args.slice(index);
  } else if (typeof first === 'string') {
    head = first;
    rest = args.slice(1);
  }
  const tail = rest.map((arg) => (typeof arg === 'string' ? arg : formatValue(arg)));
  return (args.length > 0 && typeof first === 'string' ? [head, ...tail] : tail).join(' ');
}

function formatPrimitive(value: unknown, quote: boolean): string {
  switch (typeof value) {
    case 'string':
      return quote ? quoteString(value) : value;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'undefined':
      return 'undefined';
    default:
      return String(value);
  }
}

function quoteString(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  if (!text.includes("'")) return `'${escaped}'`;
  if (!text.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

function inspect(value: unknown, depth: number, level: number, seen: Set<object>): string {
  if (typeof value === 'function') {
    const remote = (value as { [remoteClassKey]?: string })[remoteClassKey];
    if (remote) return `[Function: ${remote}]`;
    const source = functionSource.call(value);
    if (source.startsWith('class')) return `[class ${value.name || '(anonymous)'}]`;
    return value.name ? `[Function: ${value.name}]` : '[Function (anonymous)]';
  }
  if (typeof value !== 'object' || value === null) return formatPrimitive(value, true);
  const remote = (value as { [remoteClassKey]?: string })[remoteClassKey];
  if (remote) return `${remote} {}`;
  if (seen.has(value)) return '[Circular]';
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  }
  if (value instanceof RegExp) return String(value);
  if (value instanceof Promise) return 'Promise { <pending> }';
  if (ArrayBuffer.isView(value) && value instanceof Uint8Array) return formatBytes(value);
  const name = constructorName(value);
  if (level > depth) {
    if (Array.isArray(value)) return '[Array]';
    return name && name !== 'Object' ? `[${name}]` : '[Object]';
  }
  seen.add(value);
  try {
    const next = (v: unknown): string => inspect(v, depth, level + 1, seen);
    let prefix = '';
    let entries: string[];
    let open = '{';
    let close = '}';
    if (Array.isArray(value)) {
      entries = value.slice(0, maxItems).map(next);
      if (value.length > maxItems) entries.push(`... ${value.length - maxItems} more items`);
      open = '[';
      close = ']';
      if (name !== 'Array') prefix = `${name}(${value.length}) `;
    } else if (value instanceof Map) {
      entries = [...value].map(([k, v]) => `${next(k)} => ${next(v)}`);
      prefix = `Map(${value.size}) `;
    } else if (value instanceof Set) {
      entries = [...value].map(next);
      prefix = `Set(${value.size}) `;
    } else {
      entries = Object.keys(value).map((key) => {
        const label = identifier.test(key) ? key : quoteString(key);
        return `${label}: ${next((value as Record<string, unknown>)[key])}`;
      });
      if (name === undefined) prefix = '[Object: null prototype] ';
      else if (name !== 'Object') prefix = `${name} `;
    }
    if (entries.length === 0) return `${prefix}${open}${close}`;
    const single = `${prefix}${open} ${entries.join(', ')} ${close}`;
    if (single.length + level * 2 <= breakLength && !single.includes('\n')) return single;
    const indent = '  '.repeat(level + 1);
    return `${prefix}${open}\n${entries.map((e) => indent + e).join(',\n')}\n${'  '.repeat(level)}${close}`;
  } finally {
    seen.delete(value);
  }
}

function formatBytes(bytes: Uint8Array): string {
  // By behaviour, not class name: a minified bundle renames the `buffer` package's class.
  const nodeBuffer = (globalThis as { Buffer?: { isBuffer?(v: unknown): boolean } }).Buffer;
  const isBuffer =
    constructorName(bytes) === 'Buffer' ||
    nodeBuffer?.isBuffer?.(bytes) === true ||
    (bytes as { _isBuffer?: boolean })._isBuffer === true;
  const shown = [...bytes.subarray(0, maxBytes)];
  const more = bytes.length > maxBytes ? ` ... ${bytes.length - maxBytes} more bytes` : '';
  if (isBuffer) {
    return `<Buffer${shown.map((b) => ' ' + b.toString(16).padStart(2, '0')).join('')}${more}>`;
  }
  return `${constructorName(bytes) ?? 'Uint8Array'}(${bytes.length}) [ ${shown.join(', ')}${more} ]`;
}

function constructorName(value: object): string | undefined {
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (proto === null) return undefined;
  return proto.constructor?.name || 'Object';
}
