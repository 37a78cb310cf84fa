import { connect } from 'node:net';

/** Host and port of a broker address: `amqp://guest:guest@127.0.0.1:5672`, `127.0.0.1:9092`. */
export function hostAndPort(address: string, defaultPort: number): { host: string; port: number } {
  const first = address.split(',')[0]?.trim() ?? '';
  const url = new URL(first.includes('://') ? first : `tcp://${first}`);
  return { host: url.hostname || '127.0.0.1', port: url.port ? Number(url.port) : defaultPort };
}

/** Resolves with `undefined` when a TCP connection opens, else with the reason (`ECONNREFUSED`). */
export function reachBroker(
  host: string,
  port: number,
  timeoutMs = 3000,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (reason: string | undefined): void => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer in ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}
