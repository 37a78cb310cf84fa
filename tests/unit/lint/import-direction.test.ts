import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of eslint.config.js, tried on snippets as if they were files in the
 * repository. Only no-restricted-imports runs, without type information, so each case takes
 * milliseconds; `npm run lint` runs the same config with everything else on top.
 */
const eslint = new ESLint({
  cwd: fileURLToPath(new URL('../../../', import.meta.url)),
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { project: null, projectService: false } } },
});

async function importProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\n`, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
}

// [importing file, code, what the report must say]
const wrongWay: [string, string, string][] = [
  [
    'src/broker/core/x.ts',
    "import type { SandboxRuntime } from '../../runtime/contract';",
    'src/broker must not import src/runtime',
  ],
  [
    'src/broker/kafka/x.ts',
    "import { RedisClient } from '../redis/redis-client';",
    'src/broker/kafka must not import src/broker/redis',
  ],
  [
    'src/broker/redis/x.ts',
    "import { createBroker } from '../create-broker';",
    'src/broker/redis must not import src/broker/create-broker',
  ],
  [
    'src/broker/core/x.ts',
    "import { brokerModels } from '../models';",
    'src/broker/core must not import the rest of src/broker',
  ],
  [
    'src/broker/amqp/x.ts',
    "import { readFileSync } from 'node:fs';",
    'src/broker must not import Node built-ins',
  ],
  [
    'src/runtime/host/x.ts',
    "import { AmqpModel } from '../../broker/amqp/amqp-model';",
    'src/runtime may import src/broker only through src/broker/index.ts',
  ],
  [
    'src/runtime/x.ts',
    "import { CodeStore } from '../sandbox/code-store';",
    'src/runtime must not import src/sandbox',
  ],
  [
    'src/runtime/guest/x.ts',
    "import { createBroker } from '../../broker';",
    'src/runtime/guest may import from src/broker only core/prng',
  ],
  [
    'src/runtime/guest/x.ts',
    "import { startRun } from '../host/start-run';",
    'src/runtime/guest must not import src/runtime/host',
  ],
  [
    'src/runtime/frame/x.ts',
    "import { loadSandbox } from '../catalog';",
    'src/runtime/catalog is Node only',
  ],
  [
    'src/sandbox/x.ts',
    "import type { TraceEvent } from '../broker/core/trace-event';",
    'src/sandbox must not import src/broker',
  ],
  [
    'src/sandbox/x.ts',
    "import { createFrameRuntime } from '../runtime/frame';",
    'src/sandbox may import src/runtime statically only for',
  ],
  [
    'src/sandbox/x.ts',
    "import './flow/index';",
    'src/sandbox loads src/sandbox/flow only with import()',
  ],
  [
    'src/sandbox/editor/x.ts',
    "import * as monaco from 'monaco-editor/editor/editor.api';",
    'monaco-editor is imported only by src/sandbox/editor/monaco-editor.ts',
  ],
  [
    'src/sandbox/flow/x.ts',
    "import { kafkaModel } from '../../broker/kafka/model';",
    'src/sandbox/flow may import from src/broker only',
  ],
  [
    'src/sandbox/flow/x.ts',
    "import { ConsoleView } from '../console-view';",
    'src/sandbox/flow must not import the island',
  ],
  [
    'src/components/search/x.ts',
    "import { createBroker } from '../../broker';",
    'src/components must not import src/broker',
  ],
  [
    'src/content-pipeline/x.ts',
    "import { listSandboxes } from '../runtime/catalog';",
    'src/content-pipeline must not import src/runtime',
  ],
  [
    'src/broker/core/virtual-run.ts',
    "import type { SandboxRuntime } from '../../runtime/contract';",
    'src/broker must not import src/runtime',
  ],
];

const rightWay: [string, string][] = [
  ['src/broker/kafka/x.ts', "import type { ModelContext } from '../core/model-context';"],
  ['src/broker/amqp/x.test.ts', "import { readFileSync } from 'node:fs';"],
  ['src/broker/core/virtual-run.ts', "import { createBroker } from '../create-broker';"],
  ['src/runtime/host/x.ts', "import { createBroker } from '../../broker';"],
  ['src/runtime/node/x.ts', "import { nextTask } from '../../broker/core/next-task';"],
  ['src/runtime/frame/x.test.ts', "import { loadSandbox } from '../catalog';"],
  ['src/runtime/node/x.ts', "import { loadSandbox } from '../catalog';"],
  ['src/runtime/guest/x.ts', "import { createPrng } from '../../broker/core/prng';"],
  ['src/sandbox/x.ts', "import type { FrameRuntime } from '../runtime/frame/frame-runtime';"],
  ['src/sandbox/x.ts', "const flow = () => import('./flow/index');"],
  [
    'src/sandbox/x.ts',
    "import { webContainerSupported } from '../runtime/webcontainer/web-container-supported';",
  ],
  [
    'src/sandbox/editor/monaco-editor.ts',
    "import * as monaco from 'monaco-editor/editor/editor.api';",
  ],
  ['src/sandbox/flow/x.ts', "import type { TraceEvent } from '../../broker/core/trace-event';"],
  ['src/sandbox/flow/x.ts', "import { parseEndpoint } from '../../broker/core/endpoint';"],
  ['src/sandbox/build/x.ts', "import { listSandboxes } from '../../runtime/catalog';"],
];

describe('eslint.config.js: imports go one way', { timeout: 30_000 }, () => {
  it.each(wrongWay)('%s: %s is refused', async (file, code, says) => {
    const problems = await importProblems(file, code);
    const source = /'([^']+)'/.exec(code)?.[1] ?? '';
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`no-restricted-imports: '${source}' import is restricted`);
    expect(problems[0]).toContain(says);
  });

  it.each(rightWay)('%s: %s is allowed', async (file, code) => {
    expect(await importProblems(file, code)).toEqual([]);
  });
});
