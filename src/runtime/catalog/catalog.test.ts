import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listSandboxes, loadSandbox } from './index';

let root: string;

const valid = {
  id: 'demo',
  title: 'Demo',
  description: 'A demo sandbox.',
  model: 'redis',
  services: [
    { name: 'email', file: 'email-service.ts' },
    { name: 'user', file: 'user-service.ts', startDelayMs: 300 },
  ],
};

function write(id: string, manifest: unknown, files = ['email-service.ts', 'user-service.ts']) {
  const folder = join(root, id);
  mkdirSync(folder, { recursive: true });
  const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  writeFileSync(join(folder, 'sandbox.json'), text);
  for (const file of files) writeFileSync(join(folder, file), `console.log('${file}');\n`);
  return join(folder, 'sandbox.json');
}

function loadError(id: string): string {
  try {
    loadSandbox(id, { root });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected loadSandbox to throw');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'catalog-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('loadSandbox', () => {
  it('returns the manifest, with open defaulting to the service files, and every file', () => {
    write('demo', valid, ['email-service.ts', 'user-service.ts', 'shared.ts']);
    const { manifest, files } = loadSandbox('demo', { root });
    expect(manifest.services[1]).toEqual({
      name: 'user',
      file: 'user-service.ts',
      startDelayMs: 300,
    });
    expect(manifest.open).toEqual(['email-service.ts', 'user-service.ts']);
    expect(Object.keys(files)).toEqual(['email-service.ts', 'shared.ts', 'user-service.ts']);
    expect(files['email-service.ts']).toBe("console.log('email-service.ts');\n");
  });

  it('keeps an explicit open list in its order', () => {
    write('demo', { ...valid, open: ['user-service.ts', 'email-service.ts'] });
    expect(loadSandbox('demo', { root }).manifest.open).toEqual([
      'user-service.ts',
      'email-service.ts',
    ]);
  });

  const cases: [string, unknown, RegExp][] = [
    ['not an object', [], /must be a JSON object/],
    ['an unknown field', { ...valid, servics: [] }, /unknown field "servics"/],
    [
      'an id that differs from the folder',
      { ...valid, id: 'other' },
      /"id" is "other" but the folder is named "demo"/,
    ],
    ['a missing title', { ...valid, title: undefined }, /"title" must be a non-empty string/],
    ['an empty description', { ...valid, description: ' ' }, /"description" must be a non-empty/],
    [
      'a description too long for a page',
      { ...valid, description: 'x'.repeat(201) },
      /"description" is 201 characters; at most 200/,
    ],
    ['an unknown model', { ...valid, model: 'mqtt' }, /"model" must be one of/],
    ['no services', { ...valid, services: [] }, /"services" must be a non-empty array/],
    [
      'a service that is not an object',
      { ...valid, services: ['email'] },
      /services\[0\] must be an object/,
    ],
    [
      'a service with an unknown field',
      { ...valid, services: [{ name: 'a', file: 'email-service.ts', delay: 1 }] },
      /services\[0\] has unknown field "delay"/,
    ],
    [
      'a bad service name',
      { ...valid, services: [{ name: 'Email Service', file: 'email-service.ts' }] },
      /services\[0\]\.name must be lower-case/,
    ],
    [
      'a service file that is missing',
      { ...valid, services: [{ name: 'email', file: 'mail.ts' }] },
      /services\[0\]\.file "mail.ts" does not exist/,
    ],
    [
      'a service file that is not TypeScript',
      { ...valid, services: [{ name: 'email', file: 'sandbox.json' }] },
      /must be a \.ts file/,
    ],
    [
      'a negative start delay',
      { ...valid, services: [{ name: 'email', file: 'email-service.ts', startDelayMs: -1 }] },
      /startDelayMs must be a number/,
    ],
    [
      'two services with one name',
      { ...valid, services: [valid.services[0], valid.services[0]] },
      /two services are named "email"/,
    ],
    [
      'an open file that is not in the folder',
      { ...valid, open: ['nope.ts'] },
      /"open" names "nope.ts"/,
    ],
    [
      'an open that is not a list',
      { ...valid, open: 'email-service.ts' },
      /"open" must be a non-empty array/,
    ],
  ];
  it('throws for a file name that share links and saved edits would refuse', () => {
    const path = write('names', { ...valid, id: 'names' }, [
      'email-service.ts',
      'user-service.ts',
      'constructor.ts',
    ]);
    const message = loadError('names');
    expect(message.startsWith(`${path}: `)).toBe(true);
    expect(message).toMatch(/The file name "constructor\.ts" is reserved/);
  });

  for (const [what, manifest, reason] of cases) {
    it(`throws naming the manifest path for ${what}`, () => {
      const path = write('demo', manifest);
      const message = loadError('demo');
      expect(message.startsWith(`${path}: `)).toBe(true);
      expect(message).toMatch(reason);
    });
  }

  it('throws for invalid JSON, naming the file', () => {
    const path = write('demo', '{ "id": "demo", }');
    expect(loadError('demo')).toMatch(new RegExp(`^${escape(path)}: not valid JSON`));
  });

  it('throws for a missing manifest', () => {
    mkdirSync(join(root, 'empty'));
    expect(loadError('empty')).toBe(`${join(root, 'empty', 'sandbox.json')}: file is missing`);
  });

  it('throws for a sandbox that does not exist', () => {
    expect(loadError('ghost')).toMatch(/ghost: no such sandbox folder/);
  });

  it('refuses ids that could walk out of the folder', () => {
    expect(loadError('../etc')).toMatch(/a sandbox id must be lower-case/);
  });
});

describe('listSandboxes', () => {
  it('loads every folder, sorted, and fails on the first broken one', () => {
    write('b-demo', { ...valid, id: 'b-demo' });
    write('a-demo', { ...valid, id: 'a-demo' });
    expect(listSandboxes({ root }).map((s) => s.manifest.id)).toEqual(['a-demo', 'b-demo']);
    write('c-demo', { ...valid, id: 'wrong' });
    expect(() => listSandboxes({ root })).toThrow(/c-demo.sandbox\.json: "id" is "wrong"/);
  });

  it('validates the real sandboxes shipped with the site', () => {
    const sandboxes = listSandboxes();
    expect(sandboxes.map((s) => s.manifest.id)).toEqual(
      expect.arrayContaining([
        'registration',
        'registration-sync',
        'ecommerce',
        'kafka-orders',
        'competing-consumers',
      ]),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
