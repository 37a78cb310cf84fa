import { describe, expect, it } from 'vitest';
import { lessonSlugOf, remarkLessonLinks } from './remark-lesson-links';

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

describe('<Exercise id> in a lesson', () => {
  const run = (id: string, path: string) => {
    const tree = {
      type: 'root',
      children: [
        {
          type: 'mdxJsxFlowElement',
          name: 'Exercise',
          attributes: [{ type: 'mdxJsxAttribute', name: 'id', value: id }],
          position: { start: { line: 12 } },
        },
      ],
    } as unknown as Parameters<ReturnType<typeof remarkLessonLinks>>[0];
    const transform = remarkLessonLinks({ lessonSlugs: new Set(), sandboxesDir: 'sandboxes' });
    transform(tree, { path } as Parameters<typeof transform>[1]);
  };

  it('accepts an exercise that belongs to the lesson', () => {
    expect(() => run('charge-once', 'content/lessons/delivery-guarantees.mdx')).not.toThrow();
  });

  it('fails with the path and line on an exercise that does not exist', () => {
    expect(() => run('no-such-exercise', 'content/lessons/delivery-guarantees.mdx')).toThrow(
      'content/lessons/delivery-guarantees.mdx:12: <Exercise id="no-such-exercise"> names an exercise that does not exist',
    );
  });

  it('fails on an exercise of another lesson', () => {
    expect(() => run('charge-once', 'content/lessons/ordering.mdx')).toThrow(
      'belongs to lesson "delivery-guarantees"',
    );
  });
});
