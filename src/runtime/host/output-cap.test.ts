import { describe, expect, it } from 'vitest';
import type { OutputLine } from '../contract';
import { OutputCap, serviceCappedNote } from './output-cap';

const line = (text: string, time = 0): OutputLine => ({ service: 'a', level: 'log', text, time });

function capped(limit: number) {
  const shown: OutputLine[] = [];
  const cap = new OutputCap(limit, (l) => shown.push(l));
  return { cap, shown, texts: () => shown.map((l) => l.text) };
}

describe('OutputCap', () => {
  it('output beyond the cap is replaced by one note', () => {
    const { cap, shown, texts } = capped(3);
    for (let i = 0; i < 10; i += 1) cap.printed(line(String(i), i * 100));
    expect(texts()).toEqual([
      '0',
      '1',
      '2',
      'Output limit reached (3 lines): later lines are hidden; the services keep running.',
    ]);
    expect(shown[3]).toMatchObject({ service: 'system', level: 'system', time: 300 });
    expect(cap.shown).toBe(3);
  });

  it("the run's own lines show past the cap, and count", () => {
    const { cap, texts } = capped(2);
    cap.always(line('started'));
    cap.printed(line('one'));
    cap.printed(line('two'));
    cap.always(line('a crashed'));
    expect(texts()).toEqual([
      'started',
      'one',
      'Output limit reached (2 lines): later lines are hidden; the services keep running.',
      'a crashed',
    ]);
    expect(cap.shown).toBe(3);
  });

  it('the limit is written for readers', () => {
    const { cap, texts } = capped(2_000);
    for (let i = 0; i < 2_001; i += 1) cap.printed(line(String(i)));
    expect(texts().at(-1)).toMatch(/^Output limit reached \(2,000 lines\)/);
    expect(serviceCappedNote('chatty', 2_000)).toBe(
      'chatty printed more than 2,000 lines; the rest are hidden.',
    );
  });
});
