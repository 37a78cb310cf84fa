/**
 * NATS subjects: dot-separated tokens, where a whole token `*` matches exactly one token and a
 * last token `>` matches one or more. A token such as `a*` is literal. Rules as nats-server's
 * nats-server's IsValidSubject, subjectIsSubsetMatch and SubjectsCollide
 * (checked in `tests/conformance/nats-core.test.ts`).
 */

const whitespace = /[ \t\n\f\r]/;

/** Splits a subject into its tokens. */
export function tokenize(subject: string): string[] {
  return subject.split('.');
}

/**
 * Whether the server accepts `subject` for a subscription or a stream: no empty token, no
 * whitespace, `>` only as the last token.
 */
export function isValidSubject(subject: string): boolean {
  if (subject === '') return false;
  const tokens = tokenize(subject);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.length === 0 || whitespace.test(t)) return false;
    if (t === '>' && i !== tokens.length - 1) return false;
  }
  return true;
}

/** Whether `subject` has no `*` or `>` token. */
export function isLiteral(subject: string): boolean {
  for (const t of tokenize(subject)) if (t === '*' || t === '>') return false;
  return true;
}

/**
 * Whether the (literal) subject tokens match the filter tokens, which may hold wildcards: the
 * check the server does for every message against every subscription.
 */
export function tokensMatch(filter: readonly string[], subject: readonly string[]): boolean {
  const n = filter.length;
  for (let i = 0; i < n; i++) {
    const f = filter[i]!;
    if (f === '>') return subject.length > i;
    if (i >= subject.length) return false;
    if (f !== '*' && f !== subject[i]) return false;
  }
  return subject.length === n;
}

/** {@link tokensMatch} on strings. */
export function subjectMatches(filter: string, subject: string): boolean {
  if (filter === subject) return true;
  return tokensMatch(tokenize(filter), tokenize(subject));
}

/**
 * Whether everything `subject` (which may have wildcards) can match is also matched by `test`:
 * `orders.*` is a subset of `orders.>` and of `*.*`, not of `orders.new`.
 */
export function isSubsetMatch(subject: string, test: string): boolean {
  const tokens = tokenize(subject);
  const tests = tokenize(test);
  for (let i = 0; i < tests.length; i++) {
    if (i >= tokens.length) return false;
    const t2 = tests[i]!;
    if (t2 === '>') return true;
    const t1 = tokens[i]!;
    if (t1 === '>') return false;
    if (t1 === '*') {
      if (t2 !== '*') return false;
      continue;
    }
    if (t2 !== '*' && t1 !== t2) return false;
  }
  return tokens.length === tests.length;
}

/** Whether some literal subject could match both `a` and `b` (stream subjects may not collide). */
export function subjectsCollide(a: string, b: string): boolean {
  if (a === b) return true;
  const ta = tokenize(a);
  const tb = tokenize(b);
  const fwcA = ta[ta.length - 1] === '>';
  const fwcB = tb[tb.length - 1] === '>';
  const literalA = isLiteral(a);
  const literalB = isLiteral(b);
  if (literalA && literalB) return false;
  if (literalA) return isSubsetMatch(a, b);
  if (literalB) return isSubsetMatch(b, a);
  if (ta.length !== tb.length) {
    if ((ta.length < tb.length && !fwcA) || (tb.length < ta.length && !fwcB)) return false;
  }
  const stop = Math.min(ta.length, tb.length);
  for (let i = 0; i < stop; i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === '*' || x === '>' || y === '*' || y === '>') continue;
    if (x !== y) return false;
  }
  return true;
}
