import type { CodeEditor, CodeEditorOptions } from './code-editor';
import { createTextareaEditor } from './textarea-editor';

/** How an editor came to be, so the sandbox can tell the reader about a fallback. */
export interface LoadedEditor {
  readonly editor: CodeEditor;
  /** Set when Monaco was wanted but failed, with the reason. */
  readonly fallbackReason?: string;
}

/**
 * Whether this device should get the plain editor: Monaco does not support mobile
 * browsers, and a touch screen this narrow is a phone.
 */
export function prefersPlainEditor(): boolean {
  return matchMedia('(pointer: coarse) and (max-width: 760px)').matches;
}

/**
 * Mounts the best editor this device can take: Monaco (imported on demand) or, on phones
 * and when Monaco fails to load or start, a plain textarea.
 */
export async function loadEditor(options: CodeEditorOptions): Promise<LoadedEditor> {
  if (prefersPlainEditor()) return { editor: createTextareaEditor(options) };
  try {
    const { createMonacoEditor } = await import('./monaco-editor');
    return { editor: createMonacoEditor(options) };
  } catch (error) {
    console.error('Monaco failed to load; using the plain editor.', error);
    return {
      editor: createTextareaEditor(options),
      fallbackReason: error instanceof Error ? error.message : String(error),
    };
  }
}
