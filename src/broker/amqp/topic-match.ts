/**
 * Compiles a topic-exchange binding key into a matcher: words are separated by dots, `*` is
 * exactly one word, `#` is zero or more words. Empty words count (`a..b` has three), but the
 * empty key has none: `*` does not match it, `#` does.
 *
 * @example
 * topicMatcher('lazy.#')('lazy.orange.new.rabbit'); // true
 * topicMatcher('*.orange.*')('quick.orange.rabbit'); // true
 */
export function topicMatcher(bindingKey: string): (routingKey: string) => boolean {
  if (bindingKey === '#') return () => true;
  if (!bindingKey.includes('*') && !bindingKey.includes('#')) {
    return (routingKey) => routingKey === bindingKey;
  }
  const pattern = words(bindingKey);
  return (routingKey) => matchWords(pattern, 0, words(routingKey), 0);
}

/** A key's words; RabbitMQ reads the empty key as no words at all (so `*` does not match it). */
function words(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

function matchWords(pattern: string[], pi: number, words: string[], wi: number): boolean {
  while (pi < pattern.length) {
    const p = pattern[pi]!;
    if (p === '#') {
      if (pi === pattern.length - 1) return true;
      for (let k = wi; k <= words.length; k++)
        if (matchWords(pattern, pi + 1, words, k)) return true;
      return false;
    }
    if (wi >= words.length) return false;
    if (p !== '*' && p !== words[wi]) return false;
    pi++;
    wi++;
  }
  return wi === words.length;
}
