import type { MsgHdrsImpl } from './headers';

/** The largest message (payload + headers) the server accepts, as nats-server's default. */
export const maxPayload = 1024 * 1024;

/** `nc.info`: what the simulated server says about itself in its INFO (nats-core's ServerInfo). */
export interface ServerInfo {
  server_id: string;
  server_name: string;
  version: string;
  proto: number;
  go: string;
  host: string;
  port: number;
  headers: boolean;
  max_payload: number;
  jetstream: boolean;
  client_id: number;
  client_ip: string;
}

/** The INFO a connection to `server` (host:port) numbered `clientId` receives. */
export function serverInfo(server: string, clientId: number): ServerInfo {
  const [host, port] = server.split(':');
  return {
    server_id: 'NSIMULATED',
    server_name: 'nats-simulator',
    version: '2.9.10',
    proto: 1,
    go: 'simulated',
    host: host ?? '127.0.0.1',
    port: Number(port ?? 4222),
    headers: true,
    max_payload: maxPayload,
    jetstream: true,
    client_id: clientId,
    client_ip: '127.0.0.1',
  };
}

/** `nc.status()` events the simulator emits (a subset of nats-core's Status). */
export type Status =
  | { type: 'disconnect'; server: string }
  | { type: 'reconnecting' }
  | { type: 'reconnect'; server: string }
  | { type: 'forceReconnect' }
  | { type: 'error'; error: Error }
  | { type: 'close' };

/** `nc.publish(subject, data, options)` options. */
export interface PublishOptions {
  reply?: string;
  headers?: MsgHdrsImpl;
  traceDestination?: string;
  traceOnly?: boolean;
}
