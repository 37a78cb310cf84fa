import { describe, expect, it } from 'vitest';
import { decodeSharedCode, encodeSharedCode } from './share-code';

describe('share links', () => {
  it('round-trips files through #code=', async () => {
    const files = { 'email-service.ts': "console.log('héllo ✉️');\n".repeat(50) };
    const hash = await encodeSharedCode({ id: 'registration', files });
    expect(hash).toMatch(/^code=[A-Za-z0-9_-]+$/);
    expect(await decodeSharedCode(`#${hash}`)).toEqual({ id: 'registration', files });
  });

  it('compresses repetitive code well below its size', async () => {
    const text = "await redis.publish('user_registered', JSON.stringify(event));\n".repeat(40);
    const hash = await encodeSharedCode({ id: 'r', files: { 'a.ts': text } });
    expect(hash.length).toBeLessThan(text.length / 5);
  });

  it('ignores hashes that are not share links or are damaged', async () => {
    expect(await decodeSharedCode('')).toBeUndefined();
    expect(await decodeSharedCode('#overview')).toBeUndefined();
    expect(await decodeSharedCode('#code=not-deflate')).toBeUndefined();
    const hash = await encodeSharedCode({ id: 'r', files: { 'a.ts': 'x'.repeat(300) } });
    expect(await decodeSharedCode(`#${hash.slice(0, hash.length - 6)}`)).toBeUndefined();
  });
});
