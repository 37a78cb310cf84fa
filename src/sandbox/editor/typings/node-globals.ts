/**
 * The few Node declarations the editor needs beside the client packages' own typings, kept by
 * hand because @types/node is 2.4 MB of declarations (71 files) for what a sandbox touches:
 * `Buffer`, a small `process`, and the parts of `events`, `net` and `tls` the packages' typings
 * name (an `EventEmitter` base; connection options and socket types, opaque here since the
 * simulator opens no socket). Timers come from the DOM library Monaco loads anyway.
 *
 * The `EventEmitter` lists exactly the registration methods sandbox code may call
 * (`emitterMethods` in src/broker/core/client-surface.ts; `client-typings.test.ts` checks it).
 */
export const NODE_GLOBALS = String.raw`
type BufferEncoding = 'utf8' | 'utf-8' | 'base64' | 'base64url' | 'hex' | 'latin1' | 'binary' | 'ascii';
interface Buffer extends Uint8Array {
  toString(encoding?: BufferEncoding): string;
  toJSON(): { type: 'Buffer'; data: number[] };
  equals(other: Uint8Array): boolean;
}
declare var Buffer: {
  from(data: string, encoding?: BufferEncoding): Buffer;
  from(data: ArrayLike<number> | ArrayBuffer): Buffer;
  alloc(size: number): Buffer;
  isBuffer(value: unknown): value is Buffer;
  byteLength(text: string, encoding?: BufferEncoding): number;
  concat(list: readonly Uint8Array[]): Buffer;
};
declare var process: {
  env: Record<string, string | undefined>;
  argv: string[];
  pid: number;
  exit(code?: number): never;
  exitCode: number | undefined;
  on(event: 'SIGINT' | 'SIGTERM' | 'exit', listener: (...args: any[]) => void): void;
  nextTick(callback: (...args: any[]) => void): void;
  hrtime: { bigint(): bigint };
  uptime(): number;
};

declare module 'events' {
  class EventEmitter {
    on(eventName: string | symbol, listener: (...args: any[]) => void): this;
    once(eventName: string | symbol, listener: (...args: any[]) => void): this;
    off(eventName: string | symbol, listener: (...args: any[]) => void): this;
    addListener(eventName: string | symbol, listener: (...args: any[]) => void): this;
    removeListener(eventName: string | symbol, listener: (...args: any[]) => void): this;
    removeAllListeners(eventName?: string | symbol): this;
  }
  export { EventEmitter };
}

declare module 'net' {
  interface Socket {}
  interface TcpNetConnectOpts {
    port: number;
    host?: string;
    family?: number;
    localAddress?: string;
    localPort?: number;
    noDelay?: boolean;
    keepAlive?: boolean;
    keepAliveInitialDelay?: number;
    timeout?: number;
  }
  interface IpcNetConnectOpts {
    path: string;
    timeout?: number;
  }
}

declare module 'tls' {
  import { Socket } from 'net';
  interface TLSSocket extends Socket {}
  interface ConnectionOptions {
    host?: string;
    port?: number;
    servername?: string;
    rejectUnauthorized?: boolean;
    ca?: string | Buffer | Array<string | Buffer>;
    cert?: string | Buffer | Array<string | Buffer>;
    key?: string | Buffer | Array<string | Buffer>;
    passphrase?: string;
  }
}
`;
