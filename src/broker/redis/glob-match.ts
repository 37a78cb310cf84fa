/**
 * Redis's glob (`stringmatchlen` in Redis 7.0's src/util.c), as PSUBSCRIBE, KEYS and SCAN MATCH
 * use it, followed line by line because its corners are its own:
 * - it works on bytes (UTF-8 here), so `?` is one byte and `[é]` is a class of two bytes;
 *   ranges compare bytes as C's signed `char` (bytes from 0x80 are negative);
 * - `[` opens a class up to the next `]`; `[]` matches nothing, `[^]` any byte; an unclosed
 *   class runs to the end of the pattern; `x-y` is a range wherever a `-` follows, even
 *   `[a-]`, which reads `]` as the end of the range and goes on to the next `]`; `\` escapes;
 * - `*` never matches the empty rest of a string except at the pattern's end, so `*` alone does
 *   not match the empty channel name, while `a*` matches `a`.
 *
 * @example
 * globMatch('news.*', 'news.art'); // true
 * globMatch('h[ae]llo', 'hillo'); // false
 */
export function globMatch(pattern: string, text: string): boolean {
  return matchBytes(signedBytes(pattern), signedBytes(text));
}

const encoder = new TextEncoder();

/** The UTF-8 bytes of `text` as C's signed chars, as x86 Redis compares them. */
function signedBytes(text: string): Int8Array {
  const bytes = encoder.encode(text);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function matchBytes(pattern: Int8Array, text: Int8Array): boolean {
  return matchFrom(pattern, 0, text, 0, { skipLonger: false });
}

/** The byte at `i`, or 0 past the end (Redis reads the terminating NUL there). */
function at(bytes: Int8Array, i: number): number {
  return i < bytes.length ? bytes[i]! : 0;
}

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const BACKSLASH = 0x5c;
const DASH = 0x2d;

function matchFrom(
  p: Int8Array,
  pi: number,
  s: Int8Array,
  si: number,
  state: { skipLonger: boolean },
): boolean {
  let patternLen = p.length - pi;
  let stringLen = s.length - si;
  while (patternLen > 0 && stringLen > 0) {
    switch (p[pi]) {
      case STAR: {
        while (patternLen > 0 && at(p, pi + 1) === STAR) {
          pi++;
          patternLen--;
        }
        if (patternLen === 1) return true;
        while (stringLen > 0) {
          if (matchFrom(p, pi + 1, s, si, state)) return true;
          // Redis 7.0.9's guard against exponential patterns: a later start cannot match either.
          if (state.skipLonger) return false;
          si++;
          stringLen--;
        }
        state.skipLonger = true;
        return false;
      }
      case QUESTION:
        si++;
        stringLen--;
        break;
      case OPEN: {
        pi++;
        patternLen--;
        const not = at(p, pi) === CARET;
        if (not) {
          pi++;
          patternLen--;
        }
        let match = false;
        for (;;) {
          if (at(p, pi) === BACKSLASH && patternLen >= 2) {
            pi++;
            patternLen--;
            if (at(p, pi) === s[si]) match = true;
          } else if (at(p, pi) === CLOSE) {
            break;
          } else if (patternLen === 0) {
            pi--;
            patternLen++;
            break;
          } else if (patternLen >= 3 && at(p, pi + 1) === DASH) {
            let start = at(p, pi);
            let end = at(p, pi + 2);
            const c = s[si]!;
            if (start > end) [start, end] = [end, start];
            pi += 2;
            patternLen -= 2;
            if (c >= start && c <= end) match = true;
          } else if (at(p, pi) === s[si]) {
            match = true;
          }
          pi++;
          patternLen--;
        }
        if (not) match = !match;
        if (!match) return false;
        si++;
        stringLen--;
        break;
      }
      case BACKSLASH:
      default: {
        if (p[pi] === BACKSLASH && patternLen >= 2) {
          pi++;
          patternLen--;
        }
        if (p[pi] !== s[si]) return false;
        si++;
        stringLen--;
        break;
      }
    }
    pi++;
    patternLen--;
    if (stringLen === 0) {
      while (at(p, pi) === STAR) {
        pi++;
        patternLen--;
      }
      break;
    }
  }
  return patternLen === 0 && stringLen === 0;
}
