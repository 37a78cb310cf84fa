import type { EncodedValue } from './encoded-value';
import type { GuestMessage } from './rpc-messages';

/** What {@link validateGuestMessage} makes of one message from a guest. */
export type GuestMessageCheck =
  | { readonly ok: true; readonly message: GuestMessage }
  | { readonly ok: false; readonly reason: string };

const outputLevels: ReadonlySet<string> = new Set(['log', 'info', 'warn', 'error']);
const uncaughtOrigins: ReadonlySet<string> = new Set([
  'startup',
  'uncaught',
  'rejection',
  'callback',
]);
/** Deeper than any export the modules describe (`kafkajs:default.Partitioners.X`). */
const maxPathLength = 8;

/**
 * Checks a message from a guest before the host acts on it. The guest runs untrusted sandbox
 * code, which can post anything its thread can: `null`, a number, a forged `call`, an
 * `output` claiming the site's own `system` level. A wrong shape is refused with a reason
 * (the host then fails the service, rather than throwing in the page). Only the envelope is
 * checked here; EncodedValue trees are checked by `decodeValue` when they are read.
 *
 * One message is repaired rather than refused: an `uncaught` with odd fields still means the
 * service failed, so it comes back well-formed, with what could be read.
 */
export function validateGuestMessage(raw: unknown): GuestMessageCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refuse(`expected an object, got ${describe(raw)}`);
  }
  const m = raw as Record<string, unknown>;
  const t = field(m, 't');
  switch (t) {
    case 'ready':
      return { ok: true, message: { t } };
    case 'pong': {
      const n = field(m, 'n');
      if (!isCount(n)) return refuse("'pong' needs a whole number n");
      return { ok: true, message: { t, n } };
    }
    case 'timer': {
      const id = field(m, 'id');
      const delay = field(m, 'delay');
      if (!isId(id)) return refuse("'timer' needs a positive whole-number id");
      if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
        return refuse("'timer' needs a finite delay of 0 or more");
      }
      return { ok: true, message: { t, id, delay } };
    }
    case 'timer-clear': {
      const id = field(m, 'id');
      if (!isId(id)) return refuse("'timer-clear' needs a positive whole-number id");
      return { ok: true, message: { t, id } };
    }
    case 'settled': {
      const seq = field(m, 'seq');
      if (!isCount(seq)) return refuse("'settled' needs a whole-number seq");
      return { ok: true, message: { t, seq } };
    }
    case 'exit': {
      const code = field(m, 'code');
      if (typeof code !== 'number' || !Number.isSafeInteger(code)) {
        return refuse("'exit' needs a whole-number code");
      }
      return { ok: true, message: { t, code } };
    }
    case 'output': {
      const level = field(m, 'level');
      const text = field(m, 'text');
      if (typeof level !== 'string' || !outputLevels.has(level)) {
        return refuse("'output' level must be log, info, warn or error");
      }
      if (typeof text !== 'string') return refuse("'output' text must be a string");
      return {
        ok: true,
        message: { t, level: level as 'log' | 'info' | 'warn' | 'error', text },
      };
    }
    case 'output-capped': {
      const limit = field(m, 'limit');
      if (!isCount(limit)) return refuse("'output-capped' needs a whole-number limit");
      return { ok: true, message: { t, limit } };
    }
    case 'uncaught':
      return { ok: true, message: uncaught(m) };
    case 'invoked': {
      const invokeId = field(m, 'invokeId');
      const ok = field(m, 'ok');
      if (!isId(invokeId)) return refuse("'invoked' needs a positive whole-number invokeId");
      if (typeof ok !== 'boolean') return refuse("'invoked' needs ok: true or false");
      return { ok: true, message: { t, invokeId, ok, value: field(m, 'value') as EncodedValue } };
    }
    case 'new': {
      const ref = field(m, 'ref');
      const module = field(m, 'module');
      const path = field(m, 'path');
      const args = field(m, 'args');
      if (!isId(ref)) return refuse("'new' needs a positive whole-number ref");
      if (typeof module !== 'string') return refuse("'new' needs a module name");
      if (!isPath(path)) return refuse("'new' needs a path of export names");
      if (!Array.isArray(args)) return refuse("'new' needs an array of args");
      return { ok: true, message: { t, ref, module, path, args: args as EncodedValue[] } };
    }
    case 'call':
      return call(m);
    default:
      return refuse(`unknown message type ${describe(t)}`);
  }
}

function call(m: Record<string, unknown>): GuestMessageCheck {
  const target = field(m, 'target');
  const method = field(m, 'method');
  const args = field(m, 'args');
  const callId = field(m, 'callId');
  const resultRef = field(m, 'resultRef');
  if (typeof target !== 'object' || target === null || Array.isArray(target)) {
    return refuse("'call' needs a target object");
  }
  const to = target as Record<string, unknown>;
  const ref = field(to, 'ref');
  let checkedTarget: { ref: number } | { module: string; path: string[] };
  if (ref !== undefined) {
    // Refs the guest numbered are positive; host functions it was handed are negative.
    if (typeof ref !== 'number' || !Number.isSafeInteger(ref) || ref === 0) {
      return refuse("'call' target ref must be a non-zero whole number");
    }
    checkedTarget = { ref };
  } else {
    const module = field(to, 'module');
    const path = field(to, 'path');
    if (typeof module !== 'string' || !isPath(path)) {
      return refuse("'call' target needs a ref, or a module and a path of export names");
    }
    if (method !== null) return refuse("'call' on a module export takes no method name");
    checkedTarget = { module, path };
  }
  if (method !== null && typeof method !== 'string') {
    return refuse("'call' method must be a name or null");
  }
  if (!Array.isArray(args)) return refuse("'call' needs an array of args");
  if (callId !== undefined && !isId(callId)) {
    return refuse("'call' callId must be a positive whole number");
  }
  if (resultRef !== undefined && !isId(resultRef)) {
    return refuse("'call' resultRef must be a positive whole number");
  }
  return {
    ok: true,
    message: {
      t: 'call',
      target: checkedTarget,
      method,
      args: args as EncodedValue[],
      ...(callId === undefined ? {} : { callId }),
      ...(resultRef === undefined ? {} : { resultRef }),
    },
  };
}

/** An `uncaught` always fails the service: read what is there, fill in what is not. */
function uncaught(m: Record<string, unknown>): GuestMessage {
  const name = field(m, 'name');
  const message = field(m, 'message');
  const stack = field(m, 'stack');
  const origin = field(m, 'origin');
  const safeName = typeof name === 'string' && name !== '' ? name : 'Error';
  const safeMessage = typeof message === 'string' ? message : '(the error had no message)';
  return {
    t: 'uncaught',
    name: safeName,
    message: safeMessage,
    stack: typeof stack === 'string' ? stack : `${safeName}: ${safeMessage}`,
    origin:
      typeof origin === 'string' && uncaughtOrigins.has(origin)
        ? (origin as 'startup' | 'uncaught' | 'rejection' | 'callback')
        : 'uncaught',
  };
}

/** An own field only: a prototype's (or a getter's) answer is not what the guest sent. */
function field(m: Record<string, unknown>, key: string): unknown {
  const property = Object.getOwnPropertyDescriptor(m, key);
  return property && 'value' in property ? (property.value as unknown) : undefined;
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isPath(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= maxPathLength &&
    value.every((key) => typeof key === 'string')
  );
}

function refuse(reason: string): GuestMessageCheck {
  return { ok: false, reason };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `a ${typeof value}`;
}
