/**
 * Ticks in the sidebar: each lesson link that offers exercises (`data-exercises`, set in
 * astro.config.ts) shows ✓ when all of them passed in this browser, "1/2" when some did.
 * Runs on every page, so it reads the stored names itself rather than load the progress store.
 */
import { progressEvent, progressKey } from './progress-keys';

/** The names of the passed exercises; anything unreadable is no progress. */
function passedNames(): ReadonlySet<string> {
  try {
    const stored = JSON.parse(localStorage.getItem(progressKey) ?? '{}') as {
      exercises?: unknown;
    };
    const { exercises } = stored;
    return new Set(typeof exercises === 'object' && exercises ? Object.keys(exercises) : []);
  } catch {
    return new Set();
  }
}

function paint(): void {
  const passed = passedNames();
  for (const link of document.querySelectorAll<HTMLElement>('a[data-exercises]')) {
    const names = (link.dataset['exercises'] ?? '').split(' ').filter(Boolean);
    const done = names.filter((name) => passed.has(name)).length;
    let mark = link.querySelector<HTMLElement>('.eda-progress-mark');
    if (done === 0) {
      mark?.remove();
      continue;
    }
    if (!mark) {
      mark = document.createElement('span');
      mark.className = 'eda-progress-mark';
      link.append(mark);
    }
    const all = done === names.length;
    const visible = all ? '✓' : `${done}/${names.length}`;
    const spoken = all ? 'all exercises done' : `${done} of ${names.length} exercises done`;
    mark.replaceChildren(
      Object.assign(document.createElement('span'), { textContent: visible, ariaHidden: 'true' }),
      Object.assign(document.createElement('span'), {
        textContent: ` (${spoken})`,
        className: 'sr-only',
      }),
    );
    mark.dataset['state'] = all ? 'done' : 'partial';
  }
}

paint();
addEventListener(progressEvent, paint);
addEventListener('storage', paint);
