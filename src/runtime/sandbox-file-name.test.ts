import { describe, expect, it } from 'vitest';
import { checkFileName, isSandboxFileName } from './sandbox-file-name';

describe('sandbox file names', () => {
  it('accepts the names sandboxes use', () => {
    for (const name of ['email-service.ts', 'worker.ts', 'task_producer.ts', 'v2.order.ts']) {
      expect(isSandboxFileName(name), name).toBe(true);
    }
  });

  it('refuses prototype names, with or without the extension', () => {
    for (const name of [
      'toString',
      'constructor',
      'valueOf',
      '__proto__',
      'hasOwnProperty',
      '__proto__.ts',
      'constructor.ts',
      'toString.ts',
      'prototype.ts',
    ]) {
      expect(isSandboxFileName(name), name).toBe(false);
    }
    const refused = checkFileName('constructor.ts');
    expect(refused.ok ? '' : refused.message).toBe('The file name "constructor.ts" is reserved.');
  });

  it('refuses paths, odd characters, other extensions and long names', () => {
    for (const name of [
      '',
      '.ts',
      '../x.ts',
      'a/b.ts',
      'a\\b.ts',
      '.hidden.ts',
      'a..ts',
      'a b.ts',
      'a\u0000.ts',
      'é.ts',
      'index.js',
      'sandbox.json',
      'readme',
      `${'a'.repeat(62)}.ts`,
      42,
      null,
    ]) {
      expect(isSandboxFileName(name), String(name)).toBe(false);
    }
    expect(isSandboxFileName(`${'a'.repeat(61)}.ts`)).toBe(true);
  });
});
