// @ts-check
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/*
 * Which way imports may go, as the folders' READMEs say: pages → components → sandbox →
 * runtime → broker, never back; content-pipeline and styles stand apart. Each folder ("zone")
 * lists the imports it must not make; a file takes the rules of the deepest zone that holds it.
 * ESLint's no-restricted-imports matches an import as written, so every rule is a regex on the
 * relative path: `^(\.\./)+runtime(/|$)` is "climbs out to a folder named runtime". Only static
 * imports are checked: `import()` is how the page loads heavy code late, and it stays allowed.
 * `.astro`, `.js` and `.mjs` files are not linted (see ignores below).
 */

/** @typedef {{ regex: string, message: string, allowTypeImports?: boolean, codeOnly?: boolean }} Rule */

const here = (/** @type {string} */ path) => new URL(path, import.meta.url);
const folders = (/** @type {string} */ path) =>
  readdirSync(here(path), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
const srcFolders = folders('./src');
// A model folder is any folder of src/broker but core/ (what they share) and bench/.
const brokerModels = folders('./src/broker').filter((name) => !['core', 'bench'].includes(name));
// What a model must not reach: every other model, bench/, and the files that assemble them.
const brokerAssembly = ['bench', 'create-broker', 'models', 'index'];

const escape = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A relative import that climbs out to a folder or file called `name`. */
const up = (/** @type {string} */ name) => `^(\\.\\./)+${escape(name)}(/|$)`;
/** A relative import of `name` beside the file, or climbing out to it. */
const near = (/** @type {string} */ name) => `^(\\./|(\\.\\./)+)${escape(name)}(/|$)`;
/** `name` or any file in it except the listed ones; listing `index` lets `name` itself through. */
const upExcept = (/** @type {string} */ name, /** @type {string[]} */ allowed) => {
  const files = allowed.map(escape).join('|');
  return allowed.includes('index')
    ? `^(\\.\\./)+${escape(name)}/(?!(${files})?$)`
    : `^(\\.\\./)+${escape(name)}(/(?!(${files})$)|$)`;
};
/** The parent folder itself or its files, never a folder further up. */
const parentFolder = '^\\.\\.(/|$)(?!\\.\\.(/|$))';

const layers = ['pages', 'components', 'sandbox', 'runtime', 'broker'];
const order = 'imports go pages → components → sandbox → runtime → broker';
/** Why `zone` must not import the top-level folder `target`. */
const layerReason = (/** @type {string} */ zone, /** @type {string} */ target) => {
  const from = layers.indexOf(zone);
  const to = layers.indexOf(target);
  if (target === 'content-pipeline')
    return 'it is build-time code for content/, apart from the app';
  if (to < 0) return `src/${target} is not a module folder of the app`;
  if (to < from) return `${order}, never back`;
  return `${order}; src/${zone} reaches src/${target} only through src/${layers[from + 1]}`;
};
/**
 * The layer rules of a top-level folder: every other folder of src/ but the `allowed` ones.
 * @returns {Rule[]}
 */
const layerRules = (/** @type {string} */ zone, /** @type {string[]} */ allowed) =>
  srcFolders
    .filter((name) => ![zone, ...allowed].includes(name))
    .map((name) => ({
      regex: up(name),
      message: `src/${zone} must not import src/${name}: ${layerReason(zone, name)}.`,
    }));

// The npm `buffer` package is the portable Buffer the broker and the workers use, so it stays.
const nodeBuiltins = builtinModules.filter((name) => name !== 'buffer' && !name.startsWith('_'));
/** @returns {Rule} */
const noNodeBuiltins = (/** @type {string} */ zone, /** @type {string} */ why) => ({
  regex: `^(node:|(${nodeBuiltins.map(escape).join('|')})(/|$))`,
  message: `${zone} must not import Node built-ins: ${why}.`,
  codeOnly: true,
});

/** @type {Rule} */
const monacoOnEdit = {
  regex: '^monaco-editor(/|$)',
  message:
    'monaco-editor is imported only by src/sandbox/editor/monaco-editor.ts, which loads when the reader edits; anywhere else it ships with every sandbox page.',
  allowTypeImports: true,
};

// src/broker: the bottom layer. It runs alone in a Web Worker, in Node and in tests.
/** @type {Rule[]} */
const broker = [
  ...layerRules('broker', []),
  {
    regex: '^(astro|astro:.*|@astrojs/.*|monaco-editor|@webcontainer/api|@pagefind/.*)(/|$)',
    message:
      'src/broker must not import a page framework: it runs alone in a Web Worker, in Node and in tests.',
  },
  noNodeBuiltins(
    'src/broker',
    'it runs in a Web Worker too (bytes come from the `buffer` package)',
  ),
];
/** @type {Rule} */
const coreStandsAlone = {
  regex: parentFolder,
  message:
    'src/broker/core must not import the rest of src/broker: every model builds on core, so an import back into a model, models.ts or create-broker.ts is a cycle.',
};
/** @returns {Rule[]} */
const modelIsAPlugin = (/** @type {string} */ model) =>
  [...brokerModels.filter((name) => name !== model), ...brokerAssembly].map((name) => ({
    regex: up(name),
    message: `src/broker/${model} must not import src/broker/${name}: a model is a plug-in that builds on ../core only; models.ts lists it and create-broker.ts hosts it (src/broker/README.md).`,
  }));

// src/runtime: builds on the broker through its door and a few dependency-free files of core.
const brokerDoors = [
  'index',
  'core/trace-event',
  'core/fault-settings',
  'core/prng',
  'core/next-task',
  // Data only: each model's client surface and its types, from which the RPC schema derives.
  'core/client-surface',
  ...brokerModels.map((model) => `${model}/client-surface`),
  // A virtual clock for tests of the run's pacing.
  'core/manual-clock',
];
/** @type {Rule} */
const throughTheBrokerDoor = {
  regex: upExcept('broker', brokerDoors),
  message:
    "src/runtime may import src/broker only through src/broker/index.ts or core's dependency-free trace-event, fault-settings, prng and next-task: a model's insides change freely, and a service thread must not load a whole broker.",
};
/** @type {Rule[]} */
const browserRuntime = [
  {
    regex: near('catalog'),
    message:
      'src/runtime/catalog is Node only (it reads sandboxes/ from disk); browser code must not import it.',
    codeOnly: true,
  },
  {
    regex: near('node'),
    message:
      'src/runtime/node is Node only (worker_threads, the CLI); browser code must not import it.',
    codeOnly: true,
  },
  noNodeBuiltins('src/runtime', 'outside catalog/ and node/ it runs in the browser'),
];
/** @returns {Rule[]} */
const notSiblings = (
  /** @type {string} */ zone,
  /** @type {string[]} */ siblings,
  /** @type {string} */ why,
) =>
  siblings.map((name) => ({
    regex: up(name),
    message: `src/runtime/${zone} must not import src/runtime/${name}: ${why}.`,
  }));
const runtime = layerRules('runtime', ['broker']);

// src/sandbox: the island on every sandbox page. What it imports statically, every page loads.
/** @type {Rule[]} */
const island = [
  ...layerRules('sandbox', ['runtime', 'broker']),
  {
    regex: up('broker'),
    message:
      'src/sandbox must not import src/broker: the island reaches the broker only through a run, so no model code ships with the page.',
  },
  {
    regex: upExcept('runtime', [
      'contract',
      'sandbox-file-name',
      'run-option-limits',
      'webcontainer/web-container-supported',
    ]),
    message:
      'src/sandbox may import src/runtime statically only for contract, sandbox-file-name, run-option-limits and webcontainer/web-container-supported: a runtime loads with import() on Run, so the page does not ship it up front.',
    allowTypeImports: true,
  },
  {
    regex: near('flow'),
    message:
      'src/sandbox loads src/sandbox/flow only with import() (run-loader.ts), so the page does not ship the flow view up front.',
    allowTypeImports: true,
  },
  {
    regex: near('build'),
    message:
      'src/sandbox/build is Node-only build code for astro.config.ts; browser code must not import it.',
  },
  monacoOnEdit,
  noNodeBuiltins('src/sandbox', 'the island runs in the browser'),
];
/** @type {Rule[]} */
const flowView = [
  ...layerRules('sandbox', ['runtime', 'broker']),
  {
    regex: upExcept('broker', [
      'core/trace-event',
      'core/endpoint',
      'core/fault-settings',
      'core/prng',
    ]),
    message:
      'src/sandbox/flow may import from src/broker only core/trace-event, core/endpoint, core/fault-settings and core/prng: the dependency-free modules that define the trace, no model code in the page.',
  },
  {
    regex: upExcept('runtime', ['contract', 'run-option-limits']),
    message:
      'src/sandbox/flow may import from src/runtime only contract and run-option-limits: it draws a run, it does not start one.',
  },
  {
    regex: parentFolder,
    message:
      'src/sandbox/flow must not import the island (src/sandbox): the island loads the flow view, not the reverse.',
  },
  monacoOnEdit,
  noNodeBuiltins('src/sandbox/flow', 'the flow view runs in the browser'),
];

/** @type {[zone: string, rules: Rule[]][]} */
const zones = [
  ['src/broker', broker],
  ['src/broker/core', [...broker, coreStandsAlone]],
  ...brokerModels.map(
    (model) =>
      /** @type {[string, Rule[]]} */ ([
        `src/broker/${model}`,
        [...broker, ...modelIsAPlugin(model)],
      ]),
  ),
  ['src/runtime', [...runtime, throughTheBrokerDoor, ...browserRuntime]],
  ['src/runtime/catalog', [...runtime, throughTheBrokerDoor]],
  ['src/runtime/node', [...runtime, throughTheBrokerDoor]],
  [
    'src/runtime/guest',
    [
      ...runtime,
      {
        regex: upExcept('broker', ['core/prng']),
        message:
          'src/runtime/guest may import from src/broker only core/prng: it runs inside every service thread, which must not load the broker.',
      },
      ...browserRuntime,
      ...notSiblings(
        'guest',
        ['host', 'frame', 'worker', 'webcontainer', 'transpile'],
        'the guest and the host meet only through ../protocol',
      ),
    ],
  ],
  [
    'src/runtime/protocol',
    [
      ...runtime,
      throughTheBrokerDoor,
      ...browserRuntime,
      ...notSiblings(
        'protocol',
        ['guest', 'host', 'frame', 'worker', 'webcontainer', 'transpile'],
        'host and guest both speak it, so it depends on neither',
      ),
    ],
  ],
  [
    'src/runtime/host',
    [
      ...runtime,
      throughTheBrokerDoor,
      ...browserRuntime,
      ...notSiblings(
        'host',
        ['frame', 'worker', 'webcontainer'],
        'every runtime builds on startRun, not the reverse',
      ),
    ],
  ],
  ['src/sandbox', island],
  ['src/sandbox/flow', flowView],
  ['src/sandbox/build', layerRules('sandbox', ['runtime', 'broker'])],
  // Build-time Node code: cuts the real packages' typings down to the models' surfaces.
  ['src/sandbox/editor/typings', layerRules('sandbox', ['runtime', 'broker'])],
  [
    'src/components',
    [
      ...layerRules('components', ['sandbox']),
      monacoOnEdit,
      noNodeBuiltins('src/components', 'its TypeScript runs in the browser'),
    ],
  ],
  [
    'src/content-pipeline',
    srcFolders
      .filter((name) => name !== 'content-pipeline')
      .map((name) => ({
        regex: up(name),
        message: `src/content-pipeline must not import src/${name}: it turns content/ into pages at build time and depends on no app code.`,
      })),
  ],
];

/**
 * Files that break one rule of their zone today, each with the reason it is tolerated.
 * @type {[file: string, zone: string, tolerated: Rule][]}
 */
const exceptions = [
  // startVirtualBroker() builds a whole broker for tests, so it belongs beside create-broker.ts;
  // moving it touches every model's tests, which are being reworked on other branches.
  ['src/broker/core/virtual-run.ts', 'src/broker/core', coreStandsAlone],
  // The one file that may import Monaco: load-editor.ts loads it with import() on Edit.
  ['src/sandbox/editor/monaco-editor.ts', 'src/sandbox', monacoOnEdit],
];

/** @returns {import('eslint').Linter.RulesRecord} */
const restrict = (/** @type {Rule[]} */ rules) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: rules.map(({ regex, message, allowTypeImports }) => ({
        regex,
        message,
        ...(allowTypeImports ? { allowTypeImports } : {}),
      })),
    },
  ],
});

/** Deeper zones come later, so their block is the one that applies to their files. */
const importDirection = [
  ...zones.flatMap(([zone, rules]) => [
    { files: [`${zone}/**/*.ts`], rules: restrict(rules) },
    // Tests run in Node: they may use Node and the Node-only folders, never break the layers.
    { files: [`${zone}/**/*.test.ts`], rules: restrict(rules.filter((rule) => !rule.codeOnly)) },
  ]),
  ...exceptions.map(([file, zone, tolerated]) => ({
    files: [file],
    rules: restrict(
      (zones.find(([name]) => name === zone)?.[1] ?? []).filter((rule) => rule !== tolerated),
    ),
  })),
];

// Type-checked rules on our TypeScript; .astro files are checked by `astro check`.
export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-fixture/**',
      'dist-base/**',
      'dist-isolation/**',
      'public/node-runner/**',
      '.astro/**',
      'node_modules/**',
      'sandboxes/**',
      'tests/fixtures/**',
      'playwright-report/**',
      'test-results/**',
      '**/*.astro',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...importDirection,
);
