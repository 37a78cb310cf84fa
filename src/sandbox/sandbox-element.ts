import type { Subscription } from 'rxjs';
import type {
  OutputLine,
  RunOptions,
  RunResult,
  RunSession,
  SandboxSource,
} from '../runtime/contract';
import { webContainerSupported } from '../runtime/webcontainer/web-container-supported';
import { readBootData } from './boot-data';
import { CodeStore, copyFiles, diffFiles, type FileMap } from './code-store';
import { ConsoleView, type SourceLocation } from './console-view';
import type { CodeEditor } from './editor/code-editor';
import { loadEditor } from './editor/load-editor';
import { FileTabs } from './file-tabs';
import { highlightTypeScript } from './highlight-typescript';
import { loadNodeRuntime, loadRunModules } from './run-loader';
import { decodeSharedCode, encodeSharedCode, SharedCodeTooLarge } from './share-code';

/** The flow view's element as this island drives it (owned by src/sandbox/flow). */
interface FlowPanelElement extends HTMLElement {
  session: RunSession | null;
  services: readonly string[] | undefined;
  /** The seed, faults and skip-idle switch the reader chose in the panel, for the next Run. */
  readonly runOptions?: RunOptions;
  /** The seed the next Run uses; a share link sets it. */
  seed: number;
}

const FINISHED: Record<RunResult['reason'], string> = {
  stopped: 'Stopped.',
  quiet: 'Finished: every service went quiet.',
  duration: 'Finished: the run reached its time limit.',
  failed: 'Finished with errors.',
};

// The server imports this module too (through index.ts, for writeBootData); Node has no
// HTMLElement, and the class is only ever instantiated in the browser.
const ElementBase = globalThis.HTMLElement ?? class {};

/**
 * `<eda-sandbox>`: the island around one server-rendered sandbox. It reads the boot JSON,
 * wires tabs, Run/Stop/Edit/Reset/Share and the console, restores the reader's saved or
 * shared code, and loads the runtime and the editor only when they are about to be used.
 */
export class EdaSandboxElement extends ElementBase {
  #ready = false;
  #source!: SandboxSource;
  #files: Record<string, string> = {};
  #store!: CodeStore;
  #tabs!: FileTabs;
  #console!: ConsoleView;
  #status!: HTMLElement;
  #notice!: HTMLElement;
  #nodeMode: HTMLInputElement | undefined;
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor> | undefined;
  #session: RunSession | undefined;
  #output: Subscription | undefined;
  #runToken = 0;
  #beforeReset: FileMap | undefined;
  #showingShared = false;
  #sharedSeed: number | undefined;

  connectedCallback(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.#source = readBootData(this.querySelector('script[data-boot]'));
    const { manifest, files } = this.#source;
    this.#store = new CodeStore(manifest.id, files);
    // "Run this seed again" in the flow view.
    this.addEventListener('eda-rerun', () => void this.run());
    this.#files = copyFiles(this.#store.load() ?? files);
    this.#status = this.#part('[data-part="status"]');
    this.#notice = this.#part('[data-part="notice"]');
    this.#tabs = new FileTabs(this.#part('[role="tablist"]'), (file) => {
      this.#editor?.showFile(file);
    });
    this.#console = new ConsoleView({
      log: this.#part('[role="log"]'),
      capNote: this.#part('[data-part="cap"]'),
      services: manifest.services.map((s) => s.name),
      onLocation: (location) => this.revealLocation(location),
    });
    this.#wireActions();
    if (webContainerSupported()) this.#offerNodeMode();
    this.#wireCodeViews();
    this.#renderReadViews();
    this.#warmUpWhenVisible();
    addEventListener('pagehide', () => this.#store.flush());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.#store.flush();
    });
    void this.#openSharedLink();
    // A share link pasted into the address bar of this same page only changes the hash.
    addEventListener('hashchange', () => void this.#openSharedLink());
    this.dataset['ready'] = 'true';
  }

  disconnectedCallback(): void {
    this.#store.flush();
  }

  /** The reader's current files (original, saved, shared or being edited). */
  get files(): FileMap {
    return this.#files;
  }

  /** Starts a run of the current code, ending any run in progress first. */
  async run(): Promise<void> {
    this.#endSession();
    const token = ++this.#runToken;
    this.#console.clear();
    this.#setRunning(true);
    this.#setStatus('Starting…');
    const nodeMode = this.#nodeMode?.checked === true;
    let runtime;
    try {
      runtime = nodeMode ? await loadNodeRuntime() : (await loadRunModules()).runtime;
    } catch (error) {
      if (token !== this.#runToken) return;
      this.#system('error', `Could not load the sandbox runtime: ${message(error)}`);
      this.#setRunning(false);
      this.#setStatus('Could not start.');
      return;
    }
    if (token !== this.#runToken) return;
    const flow = this.#flowPanel();
    let session: RunSession;
    try {
      const source = { manifest: this.#source.manifest, files: { ...this.#files } };
      session = runtime.start(source, flow?.runOptions ?? {});
    } catch (error) {
      this.#system('error', `Could not start the run: ${message(error)}`);
      this.#setRunning(false);
      this.#setStatus('Could not start.');
      return;
    }
    this.#session = session;
    this.#setStatus('Running…');
    if (nodeMode) this.#system('system', 'Node mode: starting Node in a WebContainer…');
    this.#output = session.output$.subscribe({
      next: (line) => this.#console.append(line),
      error: (error: unknown) => this.#system('error', `Run failed: ${message(error)}`),
    });
    if (flow) flow.session = session;
    session.finished.then(
      (result) => this.#finished(session, result),
      (error: unknown) => {
        if (this.#session !== session) return;
        this.#system('error', `Run failed: ${message(error)}`);
        this.#finished(session, { reason: 'failed', failures: [] });
      },
    );
  }

  /** Ends the run in progress at once (every service is terminated). */
  stop(): void {
    if (!this.#session) return;
    this.#session.stop();
  }

  /** Shows a file at a line: in the editor when editing, else in the highlighted view. */
  revealLocation(location: SourceLocation): void {
    if (!this.#source.manifest.open.includes(location.file)) return;
    this.#tabs.select(location.file, false);
    if (this.#editor) {
      this.#editor.revealLine(location.file, location.line, location.column);
      return;
    }
    const panel = this.#panel(location.file);
    const view = [...panel.querySelectorAll<HTMLElement>('.eda-code, .eda-edited')].find(
      (el) => !el.hidden,
    );
    const line = view?.querySelectorAll<HTMLElement>('.line')[location.line - 1];
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

  /** Turns the static code into an editor (Monaco, or a textarea on phones / on failure). */
  startEditing(at?: { file: string; line: number; column: number }): Promise<CodeEditor> {
    if (this.#editor) {
      if (at) this.#editor.revealLine(at.file, at.line, at.column);
      else this.#editor.focus();
      return Promise.resolve(this.#editor);
    }
    if (this.#editorLoading) return this.#editorLoading;
    const editButton = this.#button('edit');
    editButton.ariaBusy = 'true';
    this.classList.add('is-loading-editor');
    this.#editorLoading = loadEditor({
      sandboxId: this.#source.manifest.id,
      files: this.#files,
      file: this.#tabs.current,
      panelFor: (file) => this.#panel(file),
      onChange: (file, text) => this.#onEdit(file, text),
      onUndoReset: () => this.undoReset(),
      label: (file) => `Code of ${file}`,
    }).then(({ editor, fallbackReason }) => {
      this.#editor = editor;
      this.classList.remove('is-loading-editor');
      this.classList.add('is-editing');
      this.dataset['editor'] = editor.kind;
      editButton.ariaBusy = null;
      editButton.ariaPressed = 'true';
      if (this.#beforeReset) editor.setUndoResetPending(true);
      if (fallbackReason) {
        this.#showNotice('The full editor could not load, so this is a plain one.', []);
      }
      if (at) editor.revealLine(at.file, at.line, at.column);
      else editor.focus();
      return editor;
    });
    return this.#editorLoading;
  }

  /** Goes back to the original code; the reader's code is kept for "Undo reset". */
  reset(): void {
    const original = this.#source.files;
    const changed = Object.keys(diffFiles(original, this.#files)).length > 0;
    this.#endSession();
    this.#runToken++;
    this.#console.clear();
    this.#setRunning(false);
    this.#setStatus('');
    const flow = this.#flowPanel();
    if (flow) flow.session = null;
    if (!changed) {
      this.#showNotice('The code is already the original; the console was cleared.', []);
      return;
    }
    this.#beforeReset = copyFiles(this.#files);
    this.#files = copyFiles(original);
    this.#showingShared = false;
    this.#store.clear();
    this.#editor?.setFiles(this.#files);
    this.#editor?.setUndoResetPending(true);
    this.#renderReadViews();
    this.#showNotice('Code reset to the original.', [
      { label: 'Undo reset', run: () => this.undoReset() },
    ]);
  }

  /** Brings back the code the last Reset replaced. */
  undoReset(): void {
    const previous = this.#beforeReset;
    if (!previous) return;
    this.#beforeReset = undefined;
    this.#files = copyFiles(previous);
    this.#store.save(this.#files);
    this.#editor?.setFiles(this.#files);
    this.#editor?.setUndoResetPending(false);
    this.#renderReadViews();
    this.#showNotice('Your code is back.', []);
    this.#editor?.focus();
  }

  /** Copies a link that opens this sandbox with the reader's code, and shows it. */
  async share(): Promise<string> {
    const changed = diffFiles(this.#source.files, this.#files);
    const base = location.href.split('#')[0] ?? location.href;
    let hash: string;
    try {
      const seed = this.#flowPanel()?.seed;
      hash = await encodeSharedCode({
        id: this.#source.manifest.id,
        files: changed,
        ...(seed === undefined ? {} : { seed }),
      });
    } catch (error) {
      if (!(error instanceof SharedCodeTooLarge)) throw error;
      // A link that the decoder would refuse is not offered at all.
      this.#showNotice(error.message, []);
      return '';
    }
    const url = `${base}#${hash}`;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard permission (or an insecure origin): the link is still shown to copy.
    }
    const edits = Object.keys(changed).length;
    const what = edits === 0 ? 'the original code' : `your changes to ${plural(edits, 'file')}`;
    this.#showNotice(
      copied ? `Link copied, with ${what}:` : `Copy this link, with ${what}:`,
      [],
      url,
    );
    return url;
  }

  #wireActions(): void {
    this.#button('run').addEventListener('click', () => void this.run());
    this.#button('stop').addEventListener('click', () => this.stop());
    this.#button('edit').addEventListener('click', () => void this.startEditing());
    this.#button('reset').addEventListener('click', () => this.reset());
    this.#button('share').addEventListener('click', () => void this.share());
    // Intent to run: start fetching the runtime before the click lands.
    for (const type of ['pointerenter', 'focus']) {
      this.#button('run').addEventListener(type, () => void loadRunModules().catch(() => {}));
    }
    this.addEventListener('keydown', (event) => {
      // Ctrl/Cmd+Enter runs from anywhere in the sandbox, editor included.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.run();
      }
    });
  }

  /**
   * Offers "Node mode" (real Node in a WebContainer) on cross-origin isolated pages only. It is
   * not in the server markup because isolation is only known in the browser; turning it on
   * fetches that runtime, and the next Run uses it (falling back to the browser if it cannot
   * boot).
   */
  #offerNodeMode(): void {
    const label = document.createElement('label');
    label.className = 'eda-node-mode';
    label.title =
      'Run the services in real Node inside a WebContainer (StackBlitz). ' +
      'If it cannot start, the sandbox runs in the browser as usual.';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.addEventListener('change', () => {
      if (box.checked) void loadNodeRuntime().catch(() => {});
    });
    label.append(box, 'Node mode');
    this.#status.before(label);
    this.#nodeMode = box;
  }

  /** Clicking into the code or typing in it starts editing, at that spot. */
  #wireCodeViews(): void {
    for (const file of this.#source.manifest.open) {
      const panel = this.#panel(file);
      panel.addEventListener('click', (event) => {
        if (this.#editor || this.#editorLoading) return;
        // Selecting text to copy it is reading, not editing.
        if (!(getSelection()?.isCollapsed ?? true)) return;
        // On touch screens a tap is how one reads and scrolls; Edit is one tap away.
        if (matchMedia('(pointer: coarse)').matches) return;
        const line = (event.target as Element).closest('.line');
        const lines = line?.parentElement?.querySelectorAll('.line');
        const index = line && lines ? [...lines].indexOf(line) : -1;
        void this.startEditing(index >= 0 ? { file, line: index + 1, column: 1 } : undefined);
      });
      panel.addEventListener('keydown', (event) => {
        if (this.#editor || this.#editorLoading) return;
        if (event.ctrlKey || event.metaKey || event.altKey) return;
        if (event.key.length === 1 || event.key === 'Enter' || event.key === 'Backspace') {
          event.preventDefault();
          void this.startEditing();
        }
      });
    }
  }

  /** Shows edited files with the small highlighter, untouched ones with the build's Shiki HTML. */
  #renderReadViews(): void {
    for (const file of this.#source.manifest.open) {
      const panel = this.#panel(file);
      const edited = this.#files[file] !== this.#source.files[file];
      const original = panel.querySelector<HTMLElement>('.eda-code');
      const custom = panel.querySelector<HTMLElement>('.eda-edited');
      if (original) original.hidden = edited;
      if (custom) {
        custom.hidden = !edited;
        const code = custom.querySelector('code');
        if (code) code.innerHTML = edited ? highlightTypeScript(this.#files[file] ?? '') : '';
      }
      this.#markTab(file, edited);
    }
  }

  #markTab(file: string, edited: boolean): void {
    const tab = this.querySelector<HTMLElement>(`[role="tab"][data-file="${CSS.escape(file)}"]`);
    if (!tab) return;
    tab.classList.toggle('is-edited', edited);
    const mark = tab.querySelector<HTMLElement>('.eda-edited-mark');
    if (mark) mark.hidden = !edited;
  }

  #onEdit(file: string, text: string): void {
    // Only the sandbox's own files are edited; the editor never names another, and a name that
    // is not one must not become an extra file that is saved and shared.
    if (!Object.hasOwn(this.#source.files, file)) return;
    this.#files[file] = text;
    this.#markTab(file, text !== this.#source.files[file]);
    this.#store.saveSoon(copyFiles(this.#files));
    if (this.#beforeReset || this.#showingShared) {
      // Typing after a reset commits to it; typing in shared code makes it the reader's own.
      this.#beforeReset = undefined;
      this.#showingShared = false;
      this.#hideNotice();
    }
  }

  async #openSharedLink(): Promise<void> {
    const link = await decodeSharedCode(location.hash);
    if (link.kind === 'refused') {
      // Said in the console, where the reader looks after opening a link; their code stays.
      this.#system('warn', link.reason);
      return;
    }
    if (link.kind !== 'code' || link.code.id !== this.#source.manifest.id) return;
    const files = copyFiles(this.#source.files);
    for (const [name, text] of Object.entries(link.code.files)) {
      // Own keys only: the link may name files this sandbox does not have.
      if (Object.hasOwn(files, name)) files[name] = text;
    }
    this.#files = files;
    this.#showingShared = true;
    // The sender's seed: applied to the flow view once it is loaded (see #flowPanel).
    if (link.code.seed !== undefined) this.#sharedSeed = link.code.seed;
    this.#editor?.setFiles(files);
    this.#renderReadViews();
    const saved = this.#store.load();
    this.#showNotice(
      saved
        ? 'You opened a shared link: this is its code. Your own saved edits stay untouched until you edit.'
        : 'You opened a shared link: this is its code.',
      saved ? [{ label: 'Back to my code', run: () => this.#leaveShared(saved) }] : [],
    );
  }

  #leaveShared(saved: FileMap): void {
    this.#showingShared = false;
    this.#files = copyFiles(saved);
    this.#editor?.setFiles(this.#files);
    this.#renderReadViews();
    this.#hideNotice();
    history.replaceState(null, '', location.pathname + location.search);
  }

  #finished(session: RunSession, result: RunResult): void {
    if (this.#session !== session) return;
    this.#output?.unsubscribe();
    this.#output = undefined;
    this.#session = undefined;
    this.#console.flush();
    this.#setRunning(false);
    this.#setStatus(FINISHED[result.reason]);
    if (result.reason === 'stopped') this.#system('system', 'Stopped: every service was ended.');
  }

  #endSession(): void {
    const session = this.#session;
    if (!session) return;
    this.#session = undefined;
    session.stop();
    this.#output?.unsubscribe();
    this.#output = undefined;
  }

  #system(level: OutputLine['level'], text: string): void {
    this.#console.append({ service: 'sandbox', level, text, time: 0 });
    this.#console.flush();
  }

  #setRunning(running: boolean): void {
    this.classList.toggle('is-running', running);
    this.#button('stop').disabled = !running;
  }

  #setStatus(text: string): void {
    this.#status.textContent = text;
  }

  #showNotice(
    text: string,
    actions: readonly { label: string; run: () => void }[],
    link?: string,
  ): void {
    const notice = this.#notice;
    const body = document.createElement('span');
    body.className = 'eda-notice-text';
    body.textContent = text;
    notice.replaceChildren(body);
    if (link) {
      const input = document.createElement('input');
      input.type = 'text';
      input.readOnly = true;
      input.value = link;
      input.className = 'eda-share-link';
      input.ariaLabel = 'Share link';
      input.addEventListener('focus', () => input.select());
      notice.append(input);
    }
    for (const action of actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'eda-btn eda-btn-small';
      button.textContent = action.label;
      button.addEventListener('click', action.run);
      notice.append(button);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'eda-notice-close';
    close.ariaLabel = 'Dismiss';
    close.textContent = '×';
    close.addEventListener('click', () => this.#hideNotice());
    notice.append(close);
    notice.hidden = false;
  }

  #hideNotice(): void {
    this.#notice.hidden = true;
    this.#notice.replaceChildren();
  }

  /** Fetches the runtime in idle time once the sandbox is on screen, so Run is instant. */
  #warmUpWhenVisible(): void {
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      // Load the runtime, then compile the code, so a Run finds both done.
      const warm = (): void =>
        void loadRunModules()
          .then(({ runtime }) =>
            runtime.prepare?.({ manifest: this.#source.manifest, files: { ...this.#files } }),
          )
          .catch(() => {});
      if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 3000 });
      else setTimeout(warm, 1000);
    });
    observer.observe(this);
  }

  /** The flow view, once its element is defined (loaded with the runtime). */
  #flowPanel(): FlowPanelElement | undefined {
    const flow = this.querySelector('eda-flow-panel');
    if (!flow || !customElements.get('eda-flow-panel')) return undefined;
    const panel = flow as FlowPanelElement;
    panel.services ??= this.#source.manifest.services.map((s) => s.name);
    if (this.#sharedSeed !== undefined) {
      panel.seed = this.#sharedSeed;
      this.#sharedSeed = undefined;
    }
    return panel;
  }

  #panel(file: string): HTMLElement {
    return this.#part(`[role="tabpanel"][data-file="${CSS.escape(file)}"]`);
  }

  #button(action: string): HTMLButtonElement {
    return this.#part(`button[data-action="${action}"]`) as HTMLButtonElement;
  }

  #part(selector: string): HTMLElement {
    const el = this.querySelector<HTMLElement>(selector);
    if (!el) throw new Error(`<eda-sandbox> is missing ${selector}`);
    return el;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
