import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingTests, parseSemantics, testTitles } from './semantics-table';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => {
  const url = new URL(path, root);
  return existsSync(url) ? readFileSync(url, 'utf8') : undefined;
};
const doc = read('docs/broker-semantics.md') ?? '';

describe('docs/broker-semantics.md', () => {
  it('names only tests that exist, under their exact titles', () => {
    const rows = parseSemantics(doc);
    expect(rows.length).toBeGreaterThan(60);
    expect(missingTests(rows, read)).toEqual([]);
  });

  it('numbers each row once per broker', () => {
    const seen = parseSemantics(doc).map((row) => `${row.broker} ${row.number}`);
    expect(seen.filter((key, i) => seen.indexOf(key) !== i)).toEqual([]);
  });

  it('reports a renamed test, a missing file and an unknown label', () => {
    const drifted = [
      '## Redis',
      '',
      'Test files: **u** `src/broker/redis/redis-pubsub.test.ts` · **x** `no/such.test.ts`',
      '',
      '| # | Behaviour | Source | Tests |',
      '| - | --------- | ------ | ----- |',
      '| 1 | renamed | [ps] | u `1. publish with no subscriber returns nothing` |',
      '| 2 | gone | [ps] | x `anything` |',
      '| 3 | honest | [ps] | no test yet |',
    ].join('\n');
    expect(missingTests(parseSemantics(drifted), read)).toEqual([
      'Redis 1: src/broker/redis/redis-pubsub.test.ts has no test "1. publish with no subscriber returns nothing"',
      'Redis 2: no file no/such.test.ts',
    ]);
    expect(() => parseSemantics(drifted.replace('x `anything`', 'y `anything`'))).toThrow(
      'Redis 2: label "y" is not in the section\'s Test files',
    );
  });

  it('reads titles in any quote style, escapes included', () => {
    const source = [
      "it('one', () => {});",
      'it.skip("two", () => {});',
      "conformance('three-of-them', async () => ({}));",
      "natsConformance('nats-three', async (env) => ({}));",
      "notnatsConformance('not-a-test', async () => ({}));",
      "test(`it's four`, () => {});",
      "it('a \\'quoted\\' five', () => {});",
    ].join('\n');
    expect([...testTitles(source)]).toEqual([
      'one',
      'two',
      'three-of-them',
      'nats-three',
      "it's four",
      "a 'quoted' five",
    ]);
  });
});
