import type { NatsConnectionImpl } from './connection';
import { JetStreamNotEnabled, parseJsResponse } from './js-errors';
import { RequestError } from './nats-errors';
import { notModelled } from './not-modelled';

/** `jetstream(nc, opts)` / `jetstreamManager(nc, opts)` options the simulator reads. */
export interface JetStreamOptions {
  timeout?: number;
  apiPrefix?: string;
  domain?: string;
  checkAPI?: boolean;
  [option: string]: unknown;
}

const prefix = '$JS.API';

/**
 * The base of the JetStream clients (`lib/jsbaseclient_api.js`): every API call is a request
 * on `$JS.API.…` with a JSON body and a 5 s timeout; a "no responders" answer becomes the
 * client's JetStreamNotEnabled ("jetstream is not enabled").
 */
export class JsApiClient {
  readonly prefix = prefix;
  readonly timeout: number;

  constructor(
    readonly nc: NatsConnectionImpl,
    readonly opts: JetStreamOptions = {},
  ) {
    if ((opts.apiPrefix && opts.apiPrefix !== prefix) || opts.domain) {
      notModelled(
        'JetStream domains and API prefixes',
        'use jetstream(nc) with the default $JS.API',
      );
    }
    this.timeout = opts.timeout ?? 5000;
  }

  async _request<T>(subject: string, data?: unknown): Promise<T> {
    const payload = data === undefined || data === null ? undefined : JSON.stringify(data);
    try {
      const msg = await this.nc.request(subject, payload, { timeout: this.timeout });
      return parseJsResponse<T>(msg);
    } catch (error) {
      if (error instanceof RequestError && error.isNoResponders()) {
        throw new JetStreamNotEnabled('jetstream is not enabled', { cause: error });
      }
      throw error;
    }
  }
}

/**
 * Refuses a configuration that uses a field the simulator does not model (one set to anything
 * but its default), naming it and the `modelled` fields.
 */
export function refuseUnmodelled(
  what: string,
  config: Record<string, unknown>,
  modelled: ReadonlySet<string>,
  defaults: Readonly<Record<string, unknown>> = {},
): void {
  for (const [key, value] of Object.entries(config)) {
    if (
      modelled.has(key) ||
      value === undefined ||
      value === null ||
      value === false ||
      value === ''
    )
      continue;
    if (key in defaults && JSON.stringify(defaults[key]) === JSON.stringify(value)) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && Object.keys(value).length === 0) continue;
    notModelled(`${what} '${key}'`, `the simulator models ${[...modelled].join(', ')}`);
  }
}
