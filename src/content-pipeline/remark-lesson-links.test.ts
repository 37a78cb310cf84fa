import { describe, expect, it } from 'vitest';
import { lessonSlugOf } from './remark-lesson-links';

const page = new URL('http://lesson.invalid/lessons/ordering/');

describe('lessonSlugOf', () => {
  it('resolves a relative link from the lesson the way a browser would', () => {
    expect(lessonSlugOf('../kafka/', page)).toBe('kafka');
    expect(lessonSlugOf('../kafka/#consumer-groups', page)).toBe('kafka');
  });

  it('resolves a root-relative lesson link', () => {
    expect(lessonSlugOf('/lessons/cqrs/', page)).toBe('cqrs');
  });

  it('ignores links that do not point at a lesson', () => {
    expect(lessonSlugOf('https://kafka.apache.org/documentation/', page)).toBeUndefined();
    expect(lessonSlugOf('#key-points', page)).toBeUndefined();
    expect(lessonSlugOf('../../play/ecommerce/', page)).toBeUndefined();
    expect(lessonSlugOf('mailto:trainer@example.com', page)).toBeUndefined();
  });
});
