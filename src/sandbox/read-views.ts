import type { FileMap } from './code-store';
import { highlightTypeScript } from './highlight-typescript';
import { filePanel } from './sandbox-parts';

/** Where the reader clicked in the code, to open the editor there. */
export interface EditSpot {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The code as it reads while no editor is loaded. Each open file's panel holds the build's Shiki
 * HTML (`.eda-code`) and an `.eda-edited` block: an edited file is shown there with the small
 * highlighter, so restoring or sharing edits ships no Monaco. Its tab carries an "edited" mark.
 */
export class ReadViews {
  constructor(
    private readonly root: HTMLElement,
    private readonly openFiles: readonly string[],
    private readonly original: FileMap,
  ) {}

  /** Shows edited files with the small highlighter, untouched ones with the build's Shiki HTML. */
  render(files: FileMap): void {
    for (const file of this.openFiles) {
      const panel = filePanel(this.root, file);
      const edited = files[file] !== this.original[file];
      const original = panel.querySelector<HTMLElement>('.eda-code');
      const custom = panel.querySelector<HTMLElement>('.eda-edited');
      if (original) original.hidden = edited;
      if (custom) {
        custom.hidden = !edited;
        const code = custom.querySelector('code');
        if (code) code.innerHTML = edited ? highlightTypeScript(files[file] ?? '') : '';
      }
      this.markTab(file, edited);
    }
  }

  /** Marks a file's tab as edited (or not). */
  markTab(file: string, edited: boolean): void {
    const tab = this.root.querySelector<HTMLElement>(
      `[role="tab"][data-file="${CSS.escape(file)}"]`,
    );
    if (!tab) return;
    tab.classList.toggle('is-edited', edited);
    const mark = tab.querySelector<HTMLElement>('.eda-edited-mark');
    if (mark) mark.hidden = !edited;
  }

  /** Scrolls the shown view of `file` to a line, flashes it and focuses the view. */
  revealLine(file: string, lineNumber: number): void {
    const panel = filePanel(this.root, file);
    const view = [...panel.querySelectorAll<HTMLElement>('.eda-code, .eda-edited')].find(
      (el) => !el.hidden,
    );
    const line = view?.querySelectorAll<HTMLElement>('.line')[lineNumber - 1];
    if (!view || !line) return;
    const scroller = view.querySelector<HTMLElement>('pre') ?? view;
    scroller.scrollTop = Math.max(0, line.offsetTop - scroller.clientHeight / 2);
    line.scrollIntoView({ block: 'nearest' });
    line.classList.remove('eda-flash');
    // Restart the animation when the same line is asked for twice.
    void line.offsetWidth;
    line.classList.add('eda-flash');
    scroller.focus({ preventScroll: true });
  }

  /**
   * Clicking into the code or typing in it calls `startEditing`, at the clicked line, while
   * `editing()` is false.
   */
  onIntentToEdit(editing: () => boolean, startEditing: (at?: EditSpot) => void): void {
    for (const file of this.openFiles) {
      const panel = filePanel(this.root, file);
      panel.addEventListener('click', (event) => {
        if (editing()) return;
        // Selecting text to copy it is reading, not editing.
        if (!(getSelection()?.isCollapsed ?? true)) return;
        // On touch screens a tap is how one reads and scrolls; Edit is one tap away.
        if (matchMedia('(pointer: coarse)').matches) return;
        const line = (event.target as Element).closest('.line');
        const lines = line?.parentElement?.querySelectorAll('.line');
        const index = line && lines ? [...lines].indexOf(line) : -1;
        startEditing(index >= 0 ? { file, line: index + 1, column: 1 } : undefined);
      });
      panel.addEventListener('keydown', (event) => {
        if (editing()) return;
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        if (event.key.length === 1 || event.key === 'Enter' || event.key === 'Backspace') {
          event.preventDefault();
          startEditing();
        }
      });
    }
  }
}
