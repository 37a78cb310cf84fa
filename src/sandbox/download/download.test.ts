import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SandboxManifest, SandboxSource } from '../../runtime/contract';
import { composeBrokers } from './broker-compose';
import { clientVersions } from './client-versions';
import { importedPackages, projectFiles } from './project-files';
import { crc32, zipStore } from './zip-store';

// Read straight from sandboxes/ (src/sandbox may not import the Node-only catalog).
function loadSandbox(id: string): SandboxSource {
  const folder = join('sandboxes', id);
  const manifest = JSON.parse(
    readFileSync(join(folder, 'sandbox.json'), 'utf8'),
  ) as SandboxManifest;
  const files: Record<string, string> = {};
  // The service files only: exercises/ and the like are folders, not sandbox files.
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isFile() && entry.name !== 'sandbox.json') {
      files[entry.name] = readFileSync(join(folder, entry.name), 'utf8');
    }
  }
  return { manifest, files };
}
const listSandboxes = (): SandboxSource[] =>
  readdirSync('sandboxes', { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => loadSandbox(entry.name));

describe('zipStore', () => {
  it('writes an archive that unzip lists, tests and extracts byte for byte', () => {
    const files = {
      'demo/README.md': '# Démo ✓\n',
      'demo/user-service.ts': "console.log('hi');\n",
      'demo/empty.txt': '',
    };
    const folder = mkdtempSync(join(tmpdir(), 'zip-store-'));
    const archive = join(folder, 'demo.zip');
    writeFileSync(archive, zipStore(files));
    expect(execFileSync('unzip', ['-tq', archive], { encoding: 'utf8' })).toContain('No errors');
    execFileSync('unzip', ['-q', archive, '-d', folder]);
    for (const [path, text] of Object.entries(files)) {
      expect(readFileSync(join(folder, path), 'utf8')).toBe(text);
    }
  });

  it('computes CRC-32 as zip does', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});

describe('client versions', () => {
  it('are the versions this project installs (the ones the simulator follows)', () => {
    for (const [name, version] of Object.entries(clientVersions)) {
      const installed = JSON.parse(
        readFileSync(join('node_modules', name, 'package.json'), 'utf8'),
      ) as { version: string };
      expect(`${name}@${installed.version}`).toBe(`${name}@${version}`);
    }
  });
});

describe('projectFiles', () => {
  it('pins exactly the client packages a sandbox imports, for every sandbox', () => {
    for (const source of listSandboxes()) {
      const files = projectFiles(source, source.files);
      const id = source.manifest.id;
      const pkg = JSON.parse(files[`${id}/package.json`] ?? '{}') as {
        dependencies: Record<string, string>;
        scripts: Record<string, string>;
      };
      const imported = importedPackages(source.files);
      expect(Object.keys(pkg.dependencies).sort(), id).toEqual(imported.sort());
      for (const [name, version] of Object.entries(pkg.dependencies)) {
        expect(version, `${id}: ${name}`).toBe(clientVersions[name]);
      }
      expect(pkg.scripts['start']).toBe('node start.mjs');
      expect(files[`${id}/compose.yaml`] !== undefined, id).toBe(
        Object.hasOwn(composeBrokers, source.manifest.model),
      );
      for (const service of source.manifest.services) {
        expect(files[`${id}/${service.file}`], `${id}: ${service.file}`).toBe(
          source.files[service.file],
        );
      }
      expect(files[`${id}/README.md`]).toContain('npm install && npm start');
    }
  });

  it("carries the reader's current code, not the original", () => {
    const source = loadSandbox('registration');
    const edited = { ...source.files, 'user-service.ts': "console.log('edited');\n" };
    const files = projectFiles(source, edited);
    expect(files['registration/user-service.ts']).toBe("console.log('edited');\n");
    expect(JSON.parse(files['registration/package.json'] ?? '{}')).toMatchObject({
      dependencies: { ioredis: '6.0.0' },
    });
  });
});
