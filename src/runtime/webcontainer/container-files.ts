import type { SandboxSource } from '../contract';
import type { FileTree, RunnerFiles } from './container-types';

/** Where the sandbox and the runner go inside the container. */
export const containerPaths = {
  sandboxes: 'sandboxes',
  runner: 'runner/cli.mjs',
} as const;

/**
 * The tree Node mode mounts: the sandbox (its manifest and the reader's edited files) under
 * `sandboxes/<id>/`, the bundled Node runner (whose guest maps `ioredis`, `amqplib` and
 * `kafkajs` to the simulator) under `runner/`, and a package.json making `.mjs` ESM the norm.
 */
export function containerFiles(source: SandboxSource, runner: RunnerFiles): FileTree {
  const sandbox: FileTree = {
    'sandbox.json': { file: { contents: `${JSON.stringify(source.manifest, null, 2)}\n` } },
  };
  for (const [name, contents] of Object.entries(source.files))
    sandbox[name] = { file: { contents } };
  return {
    'package.json': {
      file: {
        contents: `${JSON.stringify(
          {
            name: 'event-driven-playground-sandbox',
            private: true,
            type: 'module',
            scripts: {
              start: `node ${containerPaths.runner} ${source.manifest.id} --dir sandboxes`,
            },
          },
          null,
          2,
        )}\n`,
      },
    },
    runner: {
      directory: {
        'cli.mjs': { file: { contents: runner['cli.mjs'] } },
        'thread-entry.mjs': { file: { contents: runner['thread-entry.mjs'] } },
      },
    },
    [containerPaths.sandboxes]: { directory: { [source.manifest.id]: { directory: sandbox } } },
  };
}
