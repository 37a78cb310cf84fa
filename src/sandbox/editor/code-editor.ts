import type { FileMap } from '../code-store';

/** What a sandbox gives an editor when it mounts one. */
export interface CodeEditorOptions {
  /** Sandbox id, to keep model URIs of two sandboxes on one page apart. */
  readonly sandboxId: string;
  /** Every file of the sandbox (open ones and the rest, so imports between them resolve). */
  readonly files: FileMap;
  /** The file to show first. */
  readonly file: string;
  /** Element the editor appears in for a given file (its tab panel). */
  readonly panelFor: (file: string) => HTMLElement;
  /** Called on every change the reader makes. */
  readonly onChange: (file: string, text: string) => void;
  /**
   * Called when the reader presses Ctrl/Cmd+Z while a reset can be undone and they have
   * not typed since, so the familiar key brings their code back.
   */
  readonly onUndoReset: () => void;
  /** Accessible name of the editing surface, e.g. "Code of email-service.ts". */
  readonly label: (file: string) => string;
}

/** An editing surface over a sandbox's files: Monaco, or a plain textarea fallback. */
export interface CodeEditor {
  readonly kind: 'monaco' | 'textarea';
  /** Shows one file (on tab switch). */
  showFile(file: string): void;
  /** Replaces the text of every file (reset, undo reset) without firing onChange. */
  setFiles(files: FileMap): void;
  /** Whether Ctrl/Cmd+Z should undo the last reset rather than the last keystroke. */
  setUndoResetPending(pending: boolean): void;
  /** Shows a file at a line and puts the cursor there. */
  revealLine(file: string, line: number, column: number): void;
  focus(): void;
  dispose(): void;
}

/** Loads an editor module on demand and mounts it. */
export type CodeEditorFactory = (options: CodeEditorOptions) => Promise<CodeEditor>;
