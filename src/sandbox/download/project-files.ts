import type { SandboxSource } from '../../runtime/contract';
import { composeBrokers } from './broker-compose';
import { clientVersions, tsxVersion } from './client-versions';
import { startScript } from './start-script';

/** Every package the files import, in the order first seen (`import Redis from 'ioredis'`). */
export function importedPackages(files: Readonly<Record<string, string>>): string[] {
  const found = new Set<string>();
  const pattern = /\b(?:from|import|require\()\s*['"]([^'"./][^'"]*)['"]/g;
  for (const code of Object.values(files)) {
    for (const match of code.matchAll(pattern)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('node:') || specifier === 'buffer') continue;
      const parts = specifier.split('/');
      found.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''));
    }
  }
  return [...found];
}

/**
 * The files of a sandbox as a project that runs on the real broker: the reader's current code
 * (`files`), its sandbox.json, a package.json pinning the real clients it imports at the
 * versions the simulator follows, start.mjs (`npm start`), a compose.yaml for its broker and a
 * README. Keyed by path inside the archive, under one folder named after the sandbox.
 */
export function projectFiles(
  source: SandboxSource,
  files: Readonly<Record<string, string>>,
): Record<string, string> {
  const { manifest } = source;
  const folder = `${manifest.id}/`;
  const dependencies: Record<string, string> = {};
  for (const name of importedPackages(files)) {
    // A package the simulator does not serve would fail there too; pin what is known only.
    const version = Object.hasOwn(clientVersions, name) ? clientVersions[name] : undefined;
    if (version) dependencies[name] = version;
  }
  const packageJson = {
    name: `eda-${manifest.id}`,
    version: '1.0.0',
    private: true,
    description: manifest.description,
    type: 'module',
    scripts: { start: 'node start.mjs' },
    dependencies: Object.fromEntries(Object.entries(dependencies).sort()),
    devDependencies: { tsx: tsxVersion },
    engines: { node: '>=20.6' },
    // npm 11 asks before running install scripts; tsx's esbuild needs its own.
    allowScripts: { esbuild: true },
  };
  const broker = Object.hasOwn(composeBrokers, manifest.model)
    ? composeBrokers[manifest.model]
    : undefined;
  const project: Record<string, string> = {
    [`${folder}README.md`]: readme(source, broker),
    [`${folder}package.json`]: `${JSON.stringify(packageJson, null, 2)}\n`,
    [`${folder}start.mjs`]: startScript,
    [`${folder}sandbox.json`]: `${JSON.stringify(manifest, null, 2)}\n`,
  };
  if (broker) project[`${folder}compose.yaml`] = broker.compose;
  for (const [file, text] of Object.entries(files)) project[`${folder}${file}`] = text;
  return project;
}

function readme(
  source: SandboxSource,
  broker: (typeof composeBrokers)[string] | undefined,
): string {
  const { manifest } = source;
  const services = manifest.services
    .map(
      (service) =>
        `- \`${service.name}\`: \`${service.file}\`${service.startDelayMs ? `, started ${service.startDelayMs} ms after the services with a smaller delay are up (have printed a line)` : ''}`,
    )
    .join('\n');
  const start = broker
    ? `\`\`\`sh\ndocker compose up -d        # ${broker.title} on ${broker.address}\nnpm install && npm start\n\`\`\`\n\nAlready running ${broker.title} on localhost? Skip the first line. The code connects where it\nsays (\`${broker.address}\`); change the address in the code for another server.`
    : '```sh\nnpm install && npm start\n```\n\nThis sandbox uses no broker.';
  return `# ${manifest.title}

${manifest.description}

The same code you ran in the Event-Driven Playground, as it was when you pressed Download, with
the real client packages instead of the simulated broker. It needs Node.js 20.6 or later${
    broker
      ? ` and
a ${broker.title} server (\`compose.yaml\` starts one with Docker)`
      : ''
  }.

${start}

\`npm start\` runs each service in its own Node process (\`start.mjs\` reads \`sandbox.json\`) and
puts its name in front of each line it prints, as the playground's console does. Stop with
Ctrl-C.

Services:

${services}

What differs from the simulator: lines of different services may interleave in another order
(each is its own process); timings are the real network's; there are no injected faults, and
no flow view. What the broker keeps after a run (durable queues, streams, keys) stays there until
you remove it${broker ? ' (`docker compose down -v` removes the broker and all it stored)' : ''}.
`;
}
