/**
 * A value as it crosses between a service (worker) and the broker host: structured-clone
 * friendly, with functions, byte buffers, errors and object identities made explicit.
 */
export type EncodedValue =
  | string
  | number
  | boolean
  | bigint
  | null
  | { readonly t: 'u' }
  | { readonly t: 'a'; readonly v: readonly EncodedValue[] }
  | {
      readonly t: 'o';
      readonly v: Readonly<Record<string, EncodedValue>>;
      /** Identity on the sending side, so the object can be passed back (e.g. `ack(msg)`). */
      readonly id?: number;
      /** Constructor name, for display only. */
      readonly c?: string;
    }
  | { readonly t: 'b'; readonly v: Uint8Array }
  | { readonly t: 'f'; readonly id: number }
  | { readonly t: 'r'; readonly id: number }
  | { readonly t: 'h'; readonly id: number }
  /**
   * One of the host's objects as a remote object (ref `id`, class `c`), with the fields its
   * class declares copied (`v`): a NATS message, whose `ack()` runs on the host. Only the
   * host sends these.
   */
  | {
      readonly t: 'p';
      readonly id: number;
      readonly c: string;
      readonly v: Readonly<Record<string, EncodedValue>>;
    }
  /** A module export handed back (`createPartitioner: Partitioners.LegacyPartitioner`). */
  | { readonly t: 'x'; readonly module: string; readonly path: readonly string[] }
  | { readonly t: 'd'; readonly v: number }
  | { readonly t: 'm'; readonly v: readonly (readonly [EncodedValue, EncodedValue])[] }
  | { readonly t: 's'; readonly v: readonly EncodedValue[] }
  | {
      readonly t: 'e';
      readonly name: string;
      readonly message: string;
      readonly stack?: string;
      readonly props: Readonly<Record<string, EncodedValue>>;
    };
