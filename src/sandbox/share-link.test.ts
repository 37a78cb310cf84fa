import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeSharedCode, shareLimits } from './share-code';
import { filesFromLink, makeShareLink, openedLinkNotice } from './share-link';

const original = { 'order.ts': 'original order', 'billing.ts': 'original billing' };
const pageUrl = 'https://example.test/play/ecommerce/#old';

afterEach(() => vi.unstubAllGlobals());

describe('makeShareLink', () => {
  it('links the changed files and the seed, and says it copied them', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    const files = { ...original, 'billing.ts': 'my billing' };
    const { url, notice } = await makeShareLink({
      sandboxId: 'ecommerce',
      original,
      files,
      seed: 7,
      pageUrl,
    });
    expect(url.startsWith('https://example.test/play/ecommerce/#code=')).toBe(true);
    expect(writeText).toHaveBeenCalledWith(url);
    expect(notice).toBe('Link copied, with your changes to 1 file:');
    const opened = await decodeSharedCode(url.slice(url.indexOf('#')));
    expect(opened).toMatchObject({
      kind: 'code',
      code: { id: 'ecommerce', seed: 7, files: { 'billing.ts': 'my billing' } },
    });
  });

  it('asks the reader to copy when the clipboard refuses', async () => {
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('no')) } });
    const outcome = await makeShareLink({
      sandboxId: 'ecommerce',
      original,
      files: original,
      seed: undefined,
      pageUrl,
    });
    expect(outcome.notice).toBe('Copy this link, with the original code:');
  });

  it('makes no link past the size limit and says why', async () => {
    const files = { ...original, 'order.ts': 'y'.repeat(shareLimits.jsonBytes) };
    const outcome = await makeShareLink({
      sandboxId: 'ecommerce',
      original,
      files,
      seed: undefined,
      pageUrl,
    });
    expect(outcome.url).toBe('');
    expect(outcome.notice).toMatch(/larger than 1 MB/);
  });
});

describe('opening a link', () => {
  it('lays the link’s files over the original, ignoring files the sandbox lacks', () => {
    const files = filesFromLink(original, {
      id: 'ecommerce',
      files: { 'billing.ts': 'theirs', 'extra.ts': 'not ours' },
    });
    expect({ ...files }).toEqual({ 'order.ts': 'original order', 'billing.ts': 'theirs' });
  });

  it('tells the reader whether their own saved edits are kept', () => {
    expect(openedLinkNotice(false)).toBe('You opened a shared link: this is its code.');
    expect(openedLinkNotice(true)).toContain('Your own saved edits stay untouched until you edit.');
  });
});
