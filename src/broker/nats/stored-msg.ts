import { Bytes } from '../core/bytes';
import { headers, MsgHdrsImpl } from './headers';
import { decodeText } from './wire';

/** A stored message as `STREAM.MSG.GET` answers it: base64 headers and data. */
export interface StoredMessageJson {
  subject: string;
  seq: number;
  hdrs?: string;
  data?: string;
  time: string;
}

/** A message read with `getMessage` (StoredMsgImpl): base64 body and headers decoded. */
export class StoredMsg {
  private parsed: MsgHdrsImpl | undefined;
  constructor(private readonly smr: StoredMessageJson) {}
  get subject(): string {
    return this.smr.subject;
  }
  get seq(): number {
    return this.smr.seq;
  }
  get timestamp(): string {
    return this.smr.time;
  }
  get time(): Date {
    return new Date(Date.parse(this.smr.time));
  }
  get data(): Uint8Array {
    return this.smr.data ? new Uint8Array(Bytes.from(this.smr.data, 'base64')) : new Uint8Array(0);
  }
  get header(): MsgHdrsImpl {
    this.parsed ??= this.smr.hdrs
      ? MsgHdrsImpl.decode(Bytes.from(this.smr.hdrs, 'base64').toString('utf8'))
      : headers();
    return this.parsed;
  }
  get pending(): number {
    return 0;
  }
  get lastSequence(): number {
    return 0;
  }
  json<T = unknown>(): T {
    return JSON.parse(this.string()) as T;
  }
  string(): string {
    return decodeText(this.data);
  }
}
