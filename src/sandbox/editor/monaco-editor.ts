/**
 * The Monaco editor, loaded only when the reader starts editing (this module is reached by
 * a dynamic import alone, so a page ships none of it before then). It brings the editor
 * core, the editing features a TypeScript reader expects, and the TypeScript language,
 * not the whole `monaco-editor` entry with its eighty languages.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import { typescriptDefaults } from 'monaco-editor/languages/features/typescript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/features/find/register';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/format/browser/formatActions';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/link/goToDefinitionAtPosition';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/indentation/browser/indentation';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints';
import 'monaco-editor/editor/contrib/smartSelect/browser/smartSelect';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TypeScriptWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import type { FileMap } from '../code-store';
import clientTypings from 'virtual:eda-client-typings';
import type { CodeEditor, CodeEditorOptions } from './code-editor';

let configured = false;

/** One-time global setup: workers, compiler options, client typings, theme tracking. */
function configureMonaco(): void {
  if (configured) return;
  configured = true;
  self.MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      return label === 'typescript' || label === 'javascript'
        ? new TypeScriptWorker()
        : new EditorWorker();
    },
  };
  typescriptDefaults.setCompilerOptions({
    target: 99, // ESNext
    module: 99, // ESNext
    moduleResolution: 2, // NodeJs, so `./shared` finds `./shared.ts` beside it
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
  });
  // Sandboxes import each other's files; models must be known to the worker before use.
  typescriptDefaults.setEagerModelSync(true);
  // The client packages' own declarations cut to what the simulator runs, and a small Node
  // file (typings/, built by the clientTypings() Vite plugin): imports resolve to them as to
  // installed packages, `node_modules/ioredis/index.d.ts` and so on.
  typescriptDefaults.setExtraLibs(
    clientTypings.map((file) => ({ content: file.text, filePath: `file:///${file.path}` })),
  );
  applySiteTheme();
  new MutationObserver(applySiteTheme).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  });
}

/**
 * Follows Starlight's light/dark choice, with the editor's background taken from the
 * sandbox's own code background so the switch from static code to editor is seamless.
 */
function applySiteTheme(): void {
  const dark = document.documentElement.dataset['theme'] !== 'light';
  const probe = document.querySelector('.eda-sandbox .eda-code-pane');
  const background = probe ? toHex(getComputedStyle(probe).backgroundColor) : undefined;
  const colors: Record<string, string> = background
    ? {
        'editor.background': background,
        'editorGutter.background': background,
        'minimap.background': background,
      }
    : {};
  monaco.editor.defineTheme('eda-theme', {
    base: dark ? 'vs-dark' : 'vs',
    inherit: true,
    rules: [],
    colors,
  });
  monaco.editor.setTheme('eda-theme');
}

function toHex(color: string): string | undefined {
  const parts = color.match(/[\d.]+/g)?.map(Number);
  if (!parts || parts.length < 3 || parts[3] === 0) return undefined;
  return (
    '#' +
    parts
      .slice(0, 3)
      .map((n) => Math.round(n).toString(16).padStart(2, '0'))
      .join('')
  );
}

/** Mounts Monaco over a sandbox's files: one model per file, one editor moved between panels. */
export function createMonacoEditor(options: CodeEditorOptions): CodeEditor {
  configureMonaco();
  const models = new Map<string, monaco.editor.ITextModel>();
  let applyingFiles = false;
  for (const [file, text] of Object.entries(options.files)) {
    const uri = monaco.Uri.parse(`file:///sandboxes/${options.sandboxId}/${file}`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(text, 'typescript', uri);
    model.setValue(text);
    model.onDidChangeContent(() => {
      if (applyingFiles) return;
      undoResetPending.set(false);
      options.onChange(file, model.getValue());
    });
    models.set(file, model);
  }

  const host = document.createElement('div');
  host.className = 'eda-monaco';
  options.panelFor(options.file).append(host);
  const editor = monaco.editor.create(host, {
    model: models.get(options.file) ?? null,
    automaticLayout: true,
    minimap: { enabled: false },
    // The same size as the static view, so nothing jumps when editing starts.
    fontSize: 13,
    lineHeight: 21,
    fontFamily: getComputedStyle(document.documentElement)
      .getPropertyValue('--__sl-font-mono')
      .trim(),
    scrollBeyondLastLine: false,
    renderLineHighlight: 'line',
    fixedOverflowWidgets: true,
    tabSize: 2,
    padding: { top: 12, bottom: 12 },
    ariaLabel: options.label(options.file),
    scrollbar: { alwaysConsumeMouseWheel: false },
  });
  const undoResetPending = editor.createContextKey<boolean>('edaUndoResetPending', false);
  editor.addCommand(
    monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ,
    () => options.onUndoReset(),
    'edaUndoResetPending',
  );

  const show = (file: string): void => {
    const model = models.get(file);
    if (!model) return;
    const panel = options.panelFor(file);
    if (host.parentElement !== panel) panel.append(host);
    if (editor.getModel() !== model) editor.setModel(model);
    editor.updateOptions({ ariaLabel: options.label(file) });
  };

  return {
    kind: 'monaco',
    showFile: show,
    setFiles(files: FileMap) {
      applyingFiles = true;
      try {
        for (const [file, model] of models) {
          const text = files[file] ?? '';
          if (model.getValue() === text) continue;
          // An edit (not setValue) keeps Monaco's own undo stack as a second way back.
          model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
          model.pushStackElement();
        }
      } finally {
        applyingFiles = false;
      }
    },
    setUndoResetPending(pending) {
      undoResetPending.set(pending);
    },
    revealLine(file, line, column) {
      show(file);
      editor.revealLineInCenter(line);
      editor.setPosition({ lineNumber: line, column: Math.max(1, column) });
      editor.focus();
    },
    focus() {
      editor.focus();
    },
    dispose() {
      editor.dispose();
      for (const model of models.values()) model.dispose();
      host.remove();
    },
  };
}

/**
 * A read-only side-by-side diff: the reader's file on the left, the solution's on the right
 * (an exercise's "Show solution"). Neither side can be edited, so the reader's code is never
 * changed by looking.
 */
export function createReadOnlyDiff(
  host: HTMLElement,
  mine: string,
  solution: string,
  label: string,
): { dispose(): void } {
  configureMonaco();
  const original = monaco.editor.createModel(mine, 'typescript');
  const modified = monaco.editor.createModel(solution, 'typescript');
  const diff = monaco.editor.createDiffEditor(host, {
    readOnly: true,
    originalEditable: false,
    automaticLayout: true,
    renderSideBySide: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    ariaLabel: label,
    originalAriaLabel: `${label}: your code`,
    modifiedAriaLabel: `${label}: the solution`,
  });
  diff.setModel({ original, modified });
  return {
    dispose() {
      diff.dispose();
      original.dispose();
      modified.dispose();
    },
  };
}
