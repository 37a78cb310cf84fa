import { firstValueFrom, Subject, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { OutputLine, RunResult, RunSession, SandboxRuntime, SandboxSource } from '../contract';
import type { ContainerLike, ContainerProcess, FileTree } from './container-types';
import { createWebContainerRuntime } from './webcontainer-runtime';

const source: SandboxSource = {
  manifest: {
    id: 'demo',
    title: 'Demo',
    description: 'Demo',
    model: 'redis',
    services: [{ name: 'email', file: 'email-service.ts' }],
    open: ['email-service.ts'],
  },
  files: { 'email-service.ts': "console.log('edited by the reader');\n" },
};

const runner = { 'cli.mjs': '// cli bundle', 'thread-entry.mjs': '// thread bundle' };

/** A fake WebContainer: records what is mounted and spawned; the test plays the process. */
function fakeContainer() {
  const mounted: FileTree[] = [];
  const spawned: { command: string; args: string[] }[] = [];
  const written: string[] = [];
  let push: (chunk: string) => void = () => undefined;
  let exit: (code: number) => void = () => undefined;
  let killed = false;
  const container: ContainerLike = {
    mount: (tree) => {
      mounted.push(tree);
      return Promise.resolve();
    },
    spawn: (command, args) => {
      spawned.push({ command, args });
      const process: ContainerProcess = {
        output: new ReadableStream<string>({
          start: (controller) => {
            push = (chunk) => controller.enqueue(chunk);
          },
        }),
        input: new WritableStream<string>({ write: (chunk) => void written.push(chunk) }),
        exit: new Promise((resolve) => (exit = resolve)),
        kill: () => {
          killed = true;
        },
      };
      return Promise.resolve(process);
    },
  };
  return {
    container,
    mounted,
    spawned,
    written,
    push: (c: string) => push(c),
    exit: (c: number) => exit(c),
    killed: () => killed,
  };
}

/** A fallback runtime that records its runs and ends each at once. */
function fakeFallback() {
  const runs: { source: SandboxSource; seed: number | undefined }[] = [];
  const runtime: SandboxRuntime = {
    name: 'worker',
    start: (s, options = {}) => {
      runs.push({ source: s, seed: options.seed });
      const output$ = new Subject<OutputLine>();
      // Like startRun: the output completes, then the run is finished.
      const finished = new Promise<RunResult>((resolve) =>
        setTimeout(() => {
          output$.next({
            service: 'email',
            level: 'log',
            text: 'from the worker runtime',
            time: 1,
          });
          output$.complete();
          resolve({ reason: 'quiet', failures: [] });
        }, 0),
      );
      return {
        output$,
        trace$: new Subject(),
        finished,
        stop: () => undefined,
        controls: {},
      } as unknown as RunSession;
    },
  };
  return { runtime, runs };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('WebContainer runtime (fake container)', () => {
  it('mounts the sandbox, the runner and a package.json, then runs the runner with JSON lines', async () => {
    const fake = fakeContainer();
    const runtime = createWebContainerRuntime({
      fallback: fakeFallback().runtime,
      boot: () => Promise.resolve(fake.container),
      loadRunner: () => Promise.resolve(runner),
    });
    const session = runtime.start(source, { seed: 9, timeLimitMs: 1000 });
    session.controls.pause(); // before the process exists: queued, then sent
    const lines = firstValueFrom(session.output$.pipe(toArray()));
    const traces = firstValueFrom(session.trace$.pipe(toArray()));
    await tick();
    await tick();

    const tree = fake.mounted[0] as unknown as Record<
      string,
      { directory: Record<string, { directory: Record<string, { file: { contents: string } }> }> }
    >;
    const sandbox = tree['sandboxes']!.directory['demo']!.directory;
    expect(JSON.parse(sandbox['sandbox.json']!.file.contents)).toEqual(source.manifest);
    expect(sandbox['email-service.ts']!.file.contents).toBe(
      "console.log('edited by the reader');\n",
    );
    expect(Object.keys(tree).sort()).toEqual(['package.json', 'runner', 'sandboxes']);
    expect(fake.spawned).toEqual([
      {
        command: 'node',
        args: [
          'runner/cli.mjs',
          'demo',
          '--dir',
          'sandboxes',
          '--json',
          '--controls',
          '--seed',
          '9',
          '--quiet',
          '86400000',
          '--time-limit',
          '1000',
        ],
      },
    ]);

    const line: OutputLine = { service: 'email', level: 'log', text: 'hello', time: 5 };
    // Terminal output: split chunks, CRLF, an echoed command and colour codes around JSON.
    fake.push(
      `{"control":"pause"}\r\n\u001b[0m{"type":"output","line":${JSON.stringify(line).slice(0, 10)}`,
    );
    fake.push(
      `${JSON.stringify(line).slice(10)}}\r\n{"type":"trace","event":{"seq":1,"time":0,"kind":"published","model":"redis","from":"a","to":"b"}}\r\n`,
    );
    session.controls.crashService('email');
    fake.push('{"type":"end","result":{"reason":"quiet","failures":[]},"seed":9}\r\n');

    expect(await session.finished).toEqual({ reason: 'quiet', failures: [] });
    expect(await lines).toEqual([line]);
    expect((await traces).map((e) => e.kind)).toEqual(['published']);
    expect(fake.written).toEqual([
      '{"control":"pause"}\n',
      '{"control":"crashService","arg":"email"}\n',
    ]);
  });

  it('falls back to the worker runtime when boot hangs, and never boots twice', async () => {
    let boots = 0;
    const fallback = fakeFallback();
    const runtime = createWebContainerRuntime({
      fallback: fallback.runtime,
      boot: () => {
        boots += 1;
        return new Promise<ContainerLike>(() => undefined); // offline: neither resolves nor rejects
      },
      loadRunner: () => Promise.resolve(runner),
      watchdogMs: 30,
    });
    const first = runtime.start(source, { seed: 4 });
    const firstLines = firstValueFrom(first.output$.pipe(toArray()));
    expect(await first.finished).toEqual({ reason: 'quiet', failures: [] });
    expect((await firstLines).map((l) => l.text)).toEqual([
      'Node mode is not available (the WebContainer did not boot within 0 s); running in the browser instead.',
      'from the worker runtime',
    ]);
    expect(fallback.runs).toEqual([{ source, seed: 4 }]);

    const second = runtime.start(source, { seed: 5 });
    await second.finished;
    expect(boots).toBe(1);
    expect(fallback.runs).toHaveLength(2);
  });

  it('reports a process that exits before the run ends', async () => {
    const fake = fakeContainer();
    const runtime = createWebContainerRuntime({
      fallback: fakeFallback().runtime,
      boot: () => Promise.resolve(fake.container),
      loadRunner: () => Promise.resolve(runner),
    });
    const session = runtime.start(source);
    const lines = firstValueFrom(session.output$.pipe(toArray()));
    await tick();
    await tick();
    fake.exit(137);
    expect((await session.finished).reason).toBe('failed');
    expect((await lines).at(-1)?.text).toBe(
      'The Node process exited with code 137 before the run ended.',
    );
  });

  it('stop kills the process', async () => {
    const fake = fakeContainer();
    const runtime = createWebContainerRuntime({
      fallback: fakeFallback().runtime,
      boot: () => Promise.resolve(fake.container),
      loadRunner: () => Promise.resolve(runner),
    });
    const session = runtime.start(source);
    await tick();
    await tick();
    session.stop();
    expect(await session.finished).toEqual({ reason: 'stopped', failures: [] });
    expect(fake.killed()).toBe(true);
  });
});
