import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstValueFrom, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  brokerModels,
  type BrokerModel,
  type ClientSurface,
  type FaultSettings,
  type ModelContext,
  type TraceEvent,
} from '../../broker';
import type { OutputLine, SandboxSource } from '../contract';
import { createNodeRuntime } from './node-runtime';

// "Adding a model is a folder and one line in the list" (src/broker/README.md), proved: a model
// this file defines, added to the list it hands the Node runtime, runs a sandbox in real
// worker_threads. Nothing else in src/ knows it: the threads learn its client surface from the
// host in `start`.

/** The whole client API of the tiny bus, declared once, as every model declares its own. */
const tinyBusSurface: ClientSurface = {
  module: 'tiny-bus',
  exportNames: ['connect'],
  exports: { connect: { call: { remote: 'TinyBus', sync: true } } },
  classes: {
    TinyBus: {
      realTypes: [],
      methods: { publish: 'true', subscribe: 'this' },
    },
  },
};

type Handler = (text: string) => void;

/** An in-process topic bus: every subscriber of a topic gets each message, through the faults. */
function createTinyBus(ctx: ModelContext) {
  const subscribers = new Map<string, { owner: string; handler: Handler }[]>();
  const publish = (owner: string, topic: string, text: string): void => {
    const messageId = ctx.nextMessageId();
    const from = `topic:${topic}`;
    ctx.trace({ kind: 'published', from: owner, to: from, messageId, payload: text });
    for (const subscriber of subscribers.get(topic) ?? []) {
      ctx.gate.pass(subscriber, {
        messageId,
        from,
        to: subscriber.owner,
        deliver: () =>
          ctx.soon(() => {
            ctx.trace({ kind: 'delivered', from, to: subscriber.owner, messageId });
            subscriber.handler(text);
          }),
      });
    }
  };
  class TinyBus {
    constructor(private readonly owner: string) {}
    publish(topic: string, text: string): boolean {
      publish(this.owner, topic, text);
      return true;
    }
    subscribe(topic: string, handler: Handler): this {
      subscribers.set(topic, [...(subscribers.get(topic) ?? []), { owner: this.owner, handler }]);
      return this;
    }
  }
  return {
    connect: (owner: string) => new TinyBus(owner),
    crash(owner: string): number {
      let dropped = 0;
      for (const [topic, list] of subscribers) {
        const kept = list.filter((s) => s.owner !== owner);
        dropped += list.length - kept.length;
        subscribers.set(topic, kept);
      }
      if (dropped > 0) ctx.trace({ kind: 'crashed', from: owner, to: owner });
      return dropped;
    },
    restart: () => subscribers.clear(),
  };
}

const tinyBusModel: BrokerModel = {
  name: 'tiny-bus',
  title: 'Tiny bus',
  modules: ['tiny-bus'],
  surfaces: [tinyBusSurface],
  restartText: 'The tiny bus restarted: every subscription is gone.',
  create(ctx) {
    const bus = createTinyBus(ctx);
    return {
      modulesFor: (service) => ({ 'tiny-bus': { connect: () => bus.connect(service) } }),
      crash: (client) => bus.crash(client),
      restart: () => bus.restart(),
    };
  },
};

const source: SandboxSource = {
  manifest: {
    id: 'tiny-bus',
    title: 'Tiny bus',
    description: 'A publisher and a listener on a model registered through the list alone.',
    model: 'tiny-bus',
    services: [
      { name: 'listener', file: 'listener.ts' },
      { name: 'publisher', file: 'publisher.ts', startDelayMs: 100 },
    ],
    open: ['listener.ts', 'publisher.ts'],
  },
  files: {
    'listener.ts': [
      "import { connect } from 'tiny-bus';",
      'const bus = connect();',
      // `subscribe` is declared synchronous ('this'): it must chain, not return a Promise.
      "const same = bus.subscribe('greetings', (text: string) => console.log(`heard ${text}`));",
      'console.log(`subscribe chains: ${same === bus}`);',
    ].join('\n'),
    'publisher.ts': [
      "import { connect } from 'tiny-bus';",
      'const bus = connect();',
      "console.log(`publish returned ${bus.publish('greetings', 'hello')}`);",
      "bus.publish('greetings', 'again');",
      'try { (bus as any).drain(); } catch (e) { console.log(`refused: ${(e as Error).message}`); }',
    ].join('\n'),
  },
};

const noFaults: FaultSettings = { drop: 0, duplicate: 0, delayMs: 0, jitterMs: 0, reorder: 0 };

let outdir: string;
let threadEntry: URL;

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'extra-model-'));
  // The same bundle `npm run sandbox` runs services in (a computed specifier: it is a script).
  const script = pathToFileURL(join(process.cwd(), 'scripts', 'run-sandbox.mjs')).href;
  const runner = (await import(script)) as {
    buildRunner: (outdir: string) => Promise<string>;
  };
  threadEntry = pathToFileURL(join(await runner.buildRunner(outdir), 'thread-entry.mjs'));
}, 60_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

async function run(faults: FaultSettings) {
  const runtime = createNodeRuntime({ threadEntry, models: [...brokerModels, tinyBusModel] });
  const session = runtime.start(source, { seed: 7, quietMs: 500, skipIdle: true, faults });
  const lines = firstValueFrom(session.output$.pipe(toArray()));
  const trace: TraceEvent[] = [];
  session.trace$.subscribe((event) => trace.push(event));
  const result = await session.finished;
  session.stop();
  const output: OutputLine[] = await lines;
  const of = (service: string) =>
    output.filter((line) => line.service === service).map((line) => line.text);
  return { result, of, trace };
}

describe('a model registered through the list alone', () => {
  it('runs a sandbox end to end in the Node runtime, with its synchronous shapes and refusals', async () => {
    const { result, of, trace } = await run(noFaults);
    expect(result.failures).toEqual([]);
    expect(of('listener')).toEqual(['subscribe chains: true', 'heard hello', 'heard again']);
    expect(of('publisher')).toEqual([
      'publish returned true',
      'refused: drain is not a function of TinyBus in the simulator',
    ]);
    expect(trace.filter((e) => e.model === 'tiny-bus').map((e) => `${e.kind} ${e.to}`)).toEqual([
      'published topic:greetings',
      'published topic:greetings',
      'delivered listener',
      'delivered listener',
    ]);
  }, 60_000);

  it('goes through the one fault gate: Duplicate at 100 % hands each message over twice', async () => {
    const { of, trace } = await run({ ...noFaults, duplicate: 1 });
    expect(of('listener')).toEqual([
      'subscribe chains: true',
      'heard hello',
      'heard hello',
      'heard again',
      'heard again',
    ]);
    expect(trace.filter((e) => e.kind === 'duplicated').map((e) => e.reason)).toEqual([
      'fault-duplicate',
      'fault-duplicate',
    ]);
  }, 60_000);
});
