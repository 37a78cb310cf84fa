import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log';

describe('partition log', () => {
  it('gives sequential offsets and reads records back across chunk boundaries', () => {
    const log = new PartitionLog();
    for (let i = 0; i < 5000; i++) {
      expect(log.append(`k${i}`, `v${i}`, `m${i}`, i, i === 4321 ? { h: 'x' } : undefined)).toBe(i);
    }
    expect(log.read(0)).toMatchObject({ offset: 0, key: 'k0', value: 'v0', messageId: 'm0' });
    expect(log.read(4321)).toMatchObject({ value: 'v4321', timestamp: 4321, headers: { h: 'x' } });
    expect(log.read(4999)?.value).toBe('v4999');
    expect(log.read(5000)).toBeUndefined();
  });

  it('retention moves the low watermark, drops from the head and keeps offsets stable', () => {
    const log = new PartitionLog();
    for (let i = 0; i < 3000; i++)
      log.append(null, new Uint8Array([i & 0xff]), `m${i}`, i, undefined);
    const dropped: number[] = [];
    log.truncateBefore(2500, (offset) => dropped.push(offset));
    expect(dropped).toHaveLength(2500);
    expect(dropped[0]).toBe(0);
    expect(log.start).toBe(2500);
    expect(log.size).toBe(500);
    expect(log.read(2499)).toBeUndefined();
    expect(log.read(2500)?.value).toEqual(new Uint8Array([2500 & 0xff]));
    expect(log.append('k', 'v', 'm', 0, undefined)).toBe(3000);
    expect(log.read(3000)?.key).toBe('k');
  });

  it('compaction empties a slot without moving later offsets', () => {
    const log = new PartitionLog();
    for (let i = 0; i < 3; i++) log.append('k', `v${i}`, `m${i}`, i, undefined);
    log.remove(1);
    expect(log.read(1)).toBeUndefined();
    expect(log.isRemoved(1)).toBe(true);
    expect(log.isRemoved(2)).toBe(false);
    expect(log.read(2)).toMatchObject({ offset: 2, value: 'v2', messageId: 'm2' });
    const dropped: string[] = [];
    log.truncateBefore(3, (_, id) => dropped.push(id));
    expect(dropped).toEqual(['m0', 'm2']);
  });
});
