const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const base = 62;
const prefixLength = 12;
const sequenceLength = 10;
const maxSequence = base ** sequenceLength;

/**
 * NATS unique ids (22 base-62 characters: a random prefix and an advancing sequence, as
 * `@nats-io/nuid`), for inboxes and generated consumer names. The prefix and the step are drawn
 * from the model's seeded randomness once, so the same seed gives the same names.
 */
export class Nuid {
  private prefix = '';
  private sequence = 0;
  private step = 0;

  constructor(private readonly random: () => number) {}

  next(): string {
    if (this.prefix === '') this.reset();
    this.sequence += this.step;
    if (this.sequence >= maxSequence) this.reset();
    let n = this.sequence;
    let tail = '';
    for (let i = 0; i < sequenceLength; i++) {
      tail = digits[n % base]! + tail;
      n = Math.floor(n / base);
    }
    return this.prefix + tail;
  }

  /** A shorter token (request tokens, ephemeral consumer names). */
  token(length: number): string {
    return this.next().slice(-length);
  }

  private reset(): void {
    let prefix = '';
    for (let i = 0; i < prefixLength; i++) prefix += digits[Math.floor(this.random() * base)]!;
    this.prefix = prefix;
    this.sequence = Math.floor(this.random() * 1e9);
    this.step = 33 + Math.floor(this.random() * 300);
  }
}
