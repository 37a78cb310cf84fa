import type { FileMap } from '../code-store';
import type { CodeEditor, CodeEditorOptions } from './code-editor';

/**
 * The fallback editor: one plain `<textarea>` per file. Used on phones (Monaco does not
 * support mobile browsers) and wherever Monaco fails to load, so editing works everywhere.
 * A textarea per file keeps each file's native undo history.
 */
export function createTextareaEditor(options: CodeEditorOptions): CodeEditor {
  const areas = new Map<string, HTMLTextAreaElement>();
  let undoResetPending = false;

  const areaFor = (file: string): HTMLTextAreaElement => {
    let area = areas.get(file);
    if (area) return area;
    area = document.createElement('textarea');
    area.className = 'eda-textarea';
    area.spellcheck = false;
    area.autocapitalize = 'off';
    area.setAttribute('autocomplete', 'off');
    area.setAttribute('autocorrect', 'off');
    area.wrap = 'off';
    area.ariaLabel = options.label(file);
    area.value = options.files[file] ?? '';
    area.addEventListener('input', () => {
      undoResetPending = false;
      options.onChange(file, area?.value ?? '');
    });
    area.addEventListener('keydown', (event) => {
      if (undoResetPending && isUndoKey(event)) {
        event.preventDefault();
        options.onUndoReset();
      } else if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.metaKey) {
        // Indent rather than leave; Escape then Tab still moves focus on (see below).
        if (area?.dataset['escaped'] === 'true') return;
        event.preventDefault();
        area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
        area.dispatchEvent(new Event('input'));
      } else if (event.key === 'Escape' && area) {
        area.dataset['escaped'] = 'true';
      }
      if (event.key !== 'Escape' && event.key !== 'Tab' && area) delete area.dataset['escaped'];
    });
    areas.set(file, area);
    options.panelFor(file).append(area);
    return area;
  };

  const show = (file: string): void => {
    for (const [name, area] of areas) area.hidden = name !== file;
    areaFor(file).hidden = false;
  };
  show(options.file);

  return {
    kind: 'textarea',
    showFile: show,
    setFiles(files: FileMap) {
      for (const [name, area] of areas) area.value = files[name] ?? '';
    },
    setUndoResetPending(pending) {
      undoResetPending = pending;
    },
    revealLine(file, line, column) {
      show(file);
      const area = areaFor(file);
      const offset = offsetOf(area.value, line, column);
      area.focus();
      area.setSelectionRange(offset, offset);
      // Put the line near the middle: a textarea has no API for it, so estimate by height.
      const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
      area.scrollTop = Math.max(0, (line - 1) * lineHeight - area.clientHeight / 2);
    },
    focus() {
      for (const area of areas.values()) if (!area.hidden) area.focus();
    },
    dispose() {
      for (const area of areas.values()) area.remove();
      areas.clear();
    },
  };
}

function isUndoKey(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z';
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + Math.max(0, column - 1), text.length);
}
