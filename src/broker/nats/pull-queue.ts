/** One pull request (`$JS.API.CONSUMER.MSG.NEXT…`) waiting for messages. */
export interface WaitingRequest {
  readonly reply: string;
  /** Messages it still wants. */
  n: number;
  /** Messages it got. */
  d: number;
  /** Bytes it may still take (0: no byte limit). */
  b: number;
  /** When it ends (ms), undefined: never. */
  readonly expires: number | undefined;
  readonly noWait: boolean;
}

/**
 * A pull consumer's waiting requests, as nats-server 2.9's waitQueue: first come first served,
 * and a request that still wants more after taking a message goes to the back, so concurrent
 * fetches share the messages round-robin.
 */
export class PullQueue {
  private requests: WaitingRequest[] = [];
  /** When the last request arrived or a message was delivered (ms), for inactivity. */
  last: number;

  constructor(
    private readonly max: number,
    now: number,
  ) {
    this.last = now;
  }

  get length(): number {
    return this.requests.length;
  }

  isFull(): boolean {
    return this.requests.length >= this.max;
  }

  add(request: WaitingRequest, now: number): boolean {
    if (this.isFull()) return false;
    this.requests.push(request);
    this.last = now;
    return true;
  }

  peek(): WaitingRequest | undefined {
    return this.requests[0];
  }

  /** Takes one message's worth from the head request, rotating it to the back if it wants more. */
  pop(): WaitingRequest | undefined {
    const request = this.requests[0];
    if (!request) return undefined;
    request.d++;
    request.n--;
    if (request.n > 0 && this.requests.length > 1) {
      this.requests.shift();
      this.requests.push(request);
    } else if (request.n <= 0) this.requests.shift();
    return request;
  }

  removeHead(): void {
    this.requests.shift();
  }

  remove(request: WaitingRequest): void {
    this.requests = this.requests.filter((r) => r !== request);
  }

  all(): readonly WaitingRequest[] {
    return this.requests;
  }

  clear(): WaitingRequest[] {
    const all = this.requests;
    this.requests = [];
    return all;
  }
}
