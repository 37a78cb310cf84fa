/**
 * Redis glob matching, as PSUBSCRIBE and KEYS use it: `*` any run of characters (dots
 * included), `?` one character, `[ae]` / `[^e]` / `[a-c]` a class, `\` escapes the next one.
 *
 * @example
 * globMatch('news.*', 'news.art'); // true
 * globMatch('h[ae]llo', 'hillo'); // false
 */
export function globMatch(pattern: string, text: string): boolean {
  return matchFrom(pattern, 0, text, 0);
}

function matchFrom(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const c = p[pi]!;
    if (c === '*') {
      while (p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) if (matchFrom(p, pi + 1, s, k)) return true;
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      const end = classEnd(p, pi);
      if (!classMatches(p, pi + 1, end, s[si]!)) return false;
      pi = end + 1;
      si++;
      continue;
    }
    if (c === '\\' && pi + 1 < p.length) {
      if (p[pi + 1] !== s[si]) return false;
      pi += 2;
      si++;
      continue;
    }
    if (c !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

/** Index of the `]` closing the class opened at `start`; an unclosed class runs to the end. */
function classEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '^') i++;
  while (i < p.length && p[i] !== ']') {
    if (p[i] === '\\' && i + 1 < p.length) i++;
    i++;
  }
  return i;
}

function classMatches(p: string, from: number, end: number, ch: string): boolean {
  let i = from;
  const negate = p[i] === '^';
  if (negate) i++;
  let matched = false;
  while (i < end) {
    if (p[i] === '\\' && i + 1 < end) {
      if (p[i + 1] === ch) matched = true;
      i += 2;
    } else if (i + 2 < end && p[i + 1] === '-') {
      let lo = p[i]!;
      let hi = p[i + 2]!;
      if (lo > hi) [lo, hi] = [hi, lo];
      if (ch >= lo && ch <= hi) matched = true;
      i += 3;
    } else {
      if (p[i] === ch) matched = true;
      i++;
    }
  }
  return negate ? !matched : matched;
}
