import { afterEach, describe, expect, it, vi } from 'vitest';
import { CodeStore, diffFiles } from './code-store';

/** A Storage backed by a Map, as localStorage behaves. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, String(value)),
  };
}

const original = { 'a.ts': 'one', 'b.ts': 'two' };

describe('CodeStore', () => {
  afterEach(() => vi.useRealTimers());

  it('has nothing to restore before the reader edits', () => {
    expect(new CodeStore('x', original, memoryStorage()).load()).toBeUndefined();
  });

  it('restores saved edits merged over the original, in a new store (a reload)', () => {
    const storage = memoryStorage();
    new CodeStore('x', original, storage).save({ ...original, 'b.ts': 'changed' });
    expect(new CodeStore('x', original, storage).load()).toEqual({
      'a.ts': 'one',
      'b.ts': 'changed',
    });
    // Only the changed file is stored, so a later fix to a.ts still reaches the reader.
    const stored = JSON.parse(storage.getItem('eda-sandbox:x') ?? '{}') as { files?: unknown };
    expect(stored.files).toEqual({
      'b.ts': 'changed',
    });
  });

  it('keeps sandboxes apart by id', () => {
    const storage = memoryStorage();
    new CodeStore('x', original, storage).save({ ...original, 'a.ts': 'edited' });
    expect(new CodeStore('y', original, storage).load()).toBeUndefined();
  });

  it('debounces saves and flushes the last one', () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const setItem = vi.spyOn(storage, 'setItem');
    const store = new CodeStore('x', original, storage);
    store.saveSoon({ ...original, 'a.ts': 'o' });
    store.saveSoon({ ...original, 'a.ts': 'on' });
    store.saveSoon({ ...original, 'a.ts': 'one!' });
    expect(setItem).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(setItem).toHaveBeenCalledTimes(1);
    expect(store.load()?.['a.ts']).toBe('one!');
    store.saveSoon({ ...original, 'a.ts': 'pending' });
    store.flush();
    expect(store.load()?.['a.ts']).toBe('pending');
  });

  it('clears the entry when the code equals the original again', () => {
    const storage = memoryStorage();
    const store = new CodeStore('x', original, storage);
    store.save({ ...original, 'a.ts': 'edited' });
    store.save({ ...original });
    expect(storage.getItem('eda-sandbox:x')).toBeNull();
  });

  it('ignores corrupt entries and files the sandbox no longer has', () => {
    const storage = memoryStorage();
    storage.setItem('eda-sandbox:x', '{not json');
    expect(new CodeStore('x', original, storage).load()).toBeUndefined();
    storage.setItem('eda-sandbox:x', JSON.stringify({ v: 1, files: { 'gone.ts': 'x' } }));
    expect(new CodeStore('x', original, storage).load()).toEqual(original);
  });

  it('works without storage (privacy modes)', () => {
    const store = new CodeStore('x', original, undefined);
    store.save({ ...original, 'a.ts': 'edited' });
    expect(store.load()).toBeUndefined();
  });
});

describe('diffFiles', () => {
  it('returns only files whose text changed', () => {
    expect(diffFiles(original, { 'a.ts': 'one', 'b.ts': 'three' })).toEqual({ 'b.ts': 'three' });
  });

  it('never turns prototype names or foreign names into files, even from hand-edited storage', () => {
    const storage = memoryStorage();
    storage.setItem(
      'eda-sandbox:x',
      '{"v":1,"savedAt":0,"files":{"toString":"a","constructor":"b","valueOf":"c",' +
        '"__proto__":"d","hasOwnProperty":"e","../a.ts":"f","b.ts":"kept"}}',
    );
    const loaded = new CodeStore('x', original, storage).load();
    expect(Object.keys(loaded ?? {})).toEqual(['a.ts', 'b.ts']);
    expect(loaded?.['b.ts']).toBe('kept');
    expect(Object.getPrototypeOf(loaded)).toBeNull();
  });

  it('does not save names that are not sandbox files', () => {
    const storage = memoryStorage();
    const edited = { ...original, toString: 'x', 'b.ts': 'changed' } as Record<string, string>;
    new CodeStore('x', original, storage).save(edited);
    const stored = JSON.parse(storage.getItem('eda-sandbox:x') ?? '{}') as { files?: unknown };
    expect(stored.files).toEqual({ 'b.ts': 'changed' });
    expect(diffFiles(original, { 'a.ts': 'one', constructor: 'x' })).toEqual({});
  });
});
