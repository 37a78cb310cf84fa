import { isLiteral, tokenize, tokensMatch } from './subject';
import type { Interest, ServerConnection } from './wire';

const cacheLimit = 1024;
const none: readonly Interest[] = [];

/**
 * Who is interested in a subject: literal subscriptions by subject, wildcard ones scanned, and
 * the answers cached per subject until the next subscribe or unsubscribe (as nats-server's
 * sublist caches its matches), so a hot subject costs one map lookup per publish.
 */
export class SubscriptionIndex {
  private readonly literal = new Map<string, Set<Interest>>();
  private readonly wildcard = new Set<Interest>();
  private readonly cache = new Map<string, readonly Interest[]>();

  /** Builds the server's record of one subscription. */
  static interest(
    connection: ServerConnection,
    sid: number,
    subject: string,
    queue: string | undefined,
  ): Interest {
    return {
      connection,
      sid,
      subject,
      tokens: tokenize(subject),
      literal: isLiteral(subject),
      queue,
      max: 0,
      delivered: 0,
    };
  }

  add(interest: Interest): void {
    if (interest.literal) {
      const set = this.literal.get(interest.subject);
      if (set) set.add(interest);
      else this.literal.set(interest.subject, new Set([interest]));
    } else this.wildcard.add(interest);
    this.cache.clear();
  }

  remove(interest: Interest): boolean {
    let removed: boolean;
    if (interest.literal) {
      const set = this.literal.get(interest.subject);
      removed = set?.delete(interest) ?? false;
      if (set?.size === 0) this.literal.delete(interest.subject);
    } else removed = this.wildcard.delete(interest);
    if (removed) this.cache.clear();
    return removed;
  }

  /** Every subscription matching the literal `subject`, in subscription order per kind. */
  match(subject: string): readonly Interest[] {
    const cached = this.cache.get(subject);
    if (cached) return cached;
    const exact = this.literal.get(subject);
    let found: Interest[] | undefined = exact ? [...exact] : undefined;
    if (this.wildcard.size > 0) {
      const tokens = tokenize(subject);
      for (const interest of this.wildcard) {
        if (tokensMatch(interest.tokens, tokens)) (found ??= []).push(interest);
      }
    }
    const result = found ?? none;
    if (this.cache.size >= cacheLimit) this.cache.clear();
    this.cache.set(subject, result);
    return result;
  }

  hasInterest(subject: string): boolean {
    return this.match(subject).length > 0;
  }

  clear(): void {
    this.literal.clear();
    this.wildcard.clear();
    this.cache.clear();
  }
}
