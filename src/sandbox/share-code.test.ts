import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  decodeSharedCode,
  encodeSharedCode,
  shareLimits,
  SharedCodeTooLarge,
  type SharedLink,
} from './share-code';

/** A `#code=` hash of any JSON text, as a stranger could craft it. */
function craft(json: string | Buffer): string {
  return `#code=${deflateRawSync(json).toString('base64url')}`;
}

function reason(link: SharedLink): string {
  return link.kind === 'refused' ? link.reason : `not refused: ${link.kind}`;
}

describe('share links', () => {
  it('round-trips files through #code=', async () => {
    const files = { 'email-service.ts': "console.log('héllo ✉️');\n".repeat(50) };
    const hash = await encodeSharedCode({ id: 'registration', files });
    expect(hash).toMatch(/^code=[A-Za-z0-9_-]+$/);
    const link = await decodeSharedCode(`#${hash}`);
    expect(link.kind).toBe('code');
    if (link.kind !== 'code') return;
    expect(link.code.id).toBe('registration');
    expect({ ...link.code.files }).toEqual(files);
    // No prototype: `name in files` can only ever mean a file of the link.
    expect(Object.getPrototypeOf(link.code.files)).toBeNull();
  });

  it('compresses repetitive code well below its size', async () => {
    const text = "await redis.publish('user_registered', JSON.stringify(event));\n".repeat(40);
    const hash = await encodeSharedCode({ id: 'r', files: { 'a.ts': text } });
    expect(hash.length).toBeLessThan(text.length / 5);
  });

  it('ignores hashes that are not share links, and refuses damaged ones', async () => {
    expect(await decodeSharedCode('')).toEqual({ kind: 'none' });
    expect(await decodeSharedCode('#overview')).toEqual({ kind: 'none' });
    expect(reason(await decodeSharedCode('#code=not-deflate'))).toBe(
      "This link's code could not be opened: it is damaged or cut short.",
    );
    const hash = await encodeSharedCode({ id: 'r', files: { 'a.ts': 'x'.repeat(300) } });
    expect((await decodeSharedCode(`#${hash.slice(0, hash.length - 6)}`)).kind).toBe('refused');
  });

  it('stops inflating a bomb at the limit, at once', async () => {
    // 64 MB of JSON in a 64 KB link: the old decoder inflated all of it before looking.
    const head = Buffer.from('{"v":1,"id":"r","files":{"a.ts":"');
    const bomb = craft(Buffer.concat([head, Buffer.alloc(64 * 1024 * 1024, 0x78)]));
    expect(bomb.length).toBeLessThan(shareLimits.fragmentChars);
    const started = performance.now();
    expect(reason(await decodeSharedCode(bomb))).toBe(
      "This link's code is larger than 1 MB and was not opened.",
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses an over-long link before decoding it', async () => {
    const long = `#code=${'A'.repeat(shareLimits.fragmentChars + 1)}`;
    expect(reason(await decodeSharedCode(long))).toBe(
      "This link's code is larger than 1 MB and was not opened.",
    );
  });

  it('accepts code up to the limit and will not make a link past it', async () => {
    const near = { 'a.ts': 'y'.repeat(shareLimits.jsonBytes - 100) };
    const hash = await encodeSharedCode({ id: 'r', files: near });
    expect((await decodeSharedCode(hash)).kind).toBe('code');
    const over = { 'a.ts': 'y'.repeat(shareLimits.jsonBytes) };
    await expect(encodeSharedCode({ id: 'r', files: over })).rejects.toThrow(SharedCodeTooLarge);
  });

  it('refuses prototype names, bad names, non-text files and odd shapes', async () => {
    const link = (files: unknown, id: unknown = 'registration') =>
      decodeSharedCode(craft(JSON.stringify({ v: 1, id, files })));
    for (const name of ['toString', 'constructor', 'valueOf', '__proto__', '../x.ts', 'a.js']) {
      const refused = await link(JSON.parse(`{${JSON.stringify(name)}: "x"}`));
      expect(refused.kind, name).toBe('refused');
    }
    expect(reason(await link({ 'constructor.ts': 'x' }))).toBe(
      'This link\'s code could not be opened: The file name "constructor.ts" is reserved.',
    );
    expect(reason(await link({ 'a.ts': 42 }))).toBe(
      'This link\'s code could not be opened: the file "a.ts" is not text.',
    );
    expect((await link(['a.ts'])).kind).toBe('refused');
    expect((await link({}, '../etc')).kind).toBe('refused');
    expect((await link({}, { toString: 1 })).kind).toBe('refused');
    const many = Object.fromEntries(
      Array.from({ length: shareLimits.files + 1 }, (_, i) => [`f${i}.ts`, '']),
    );
    expect(reason(await link(many))).toContain(`more than ${shareLimits.files} files`);
    expect((await decodeSharedCode(craft('{"v":2,"id":"r","files":{}}'))).kind).toBe('refused');
  });

  it("carries the seed and the faults, and refuses faults out of the panel's range", async () => {
    const faults = { drop: 0, duplicate: 0.3, delayMs: 0, jitterMs: 0, reorder: 0 };
    const hash = await encodeSharedCode({ id: 'ecommerce', files: {}, seed: 9, faults });
    const link = await decodeSharedCode(`#${hash}`);
    expect(link.kind === 'code' && link.code).toMatchObject({ seed: 9, faults });
    const crafted = (bad: unknown) =>
      decodeSharedCode(craft(JSON.stringify({ v: 1, id: 'ecommerce', files: {}, faults: bad })));
    for (const bad of [
      { ...faults, duplicate: 2 },
      { ...faults, delayMs: -1 },
      { drop: 0 },
      'all',
      { ...faults, reorder: '0.5' },
    ]) {
      expect(reason(await crafted(bad)), JSON.stringify(bad)).toBe(
        "This link's code could not be opened: its fault settings are invalid.",
      );
    }
  });
});
