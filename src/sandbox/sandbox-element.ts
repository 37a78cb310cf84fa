import type { Subscription } from 'rxjs';
import type {
  OutputLine,
  RunOptions,
  RunResult,
  RunSession,
  SandboxSource,
} from '../runtime/contract';
import type { FaultAmounts } from '../runtime/run-option-limits';
import { webContainerSupported } from '../runtime/webcontainer/web-container-supported';
import { readBootData } from './boot-data';
import { CodeStore, copyFiles, diffFiles, type FileMap } from './code-store';
import { ConsoleView, type SourceLocation } from './console-view';
import { stateLine } from './state-line';
import type { CodeEditor } from './editor/code-editor';
import { loadEditor } from './editor/load-editor';
import { FileTabs } from './file-tabs';
import { offerNodeMode } from './node-mode-toggle';
import { NoticeBar } from './notice-bar';
import { ReadViews, type EditSpot } from './read-views';
import { loadNodeRuntime, loadRunModules } from './run-loader';
import { warmUpOnIntent, warmUpWhenVisible } from './run-warm-up';
import { actionButton, filePanel, sandboxPart } from './sandbox-parts';
import { decodeSharedCode } from './share-code';
import { filesFromLink, makeShareLink, openedLinkNotice } from './share-link';

/** The flow view's element as this island drives it (owned by src/sandbox/flow). */
interface FlowPanelElement extends HTMLElement {
  session: RunSession | null;
  services: readonly string[] | undefined;
  /** The seed, faults and skip-idle switch the reader chose in the panel, for the next Run. */
  readonly runOptions?: RunOptions;
  /** The seed the next Run uses; a share link sets it. */
  seed: number;
  /** Sets the faults for the next Run; a share link does. */
  set faults(faults: FaultAmounts);
  /** Selects the event numbered `seq` in the log (an exercise verdict's link). */
  showEvent(seq: number): boolean;
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
  #notice!: NoticeBar;
  #readViews!: ReadViews;
  #nodeMode: HTMLInputElement | undefined;
  #editor: CodeEditor | undefined;
  #editorLoading: Promise<CodeEditor> | undefined;
  #session: RunSession | undefined;
  #output: Subscription | undefined;
  #runToken = 0;
  #beforeReset: FileMap | undefined;
  #showingShared = false;
  #sharedSeed: number | undefined;
  /** A share link's faults, applied to the flow view with its seed. */
  #sharedFaults: FaultAmounts | undefined;
  /** "Duplicate 30 % on · 1 file edited · Reset": what differs from the lesson's setup. */
  #state!: HTMLElement;

  connectedCallback(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.#source = readBootData(this.querySelector('script[data-boot]'));
    const { manifest, files } = this.#source;
    // Per embed (Sandbox.astro's data-state-key): another lesson's edits do not follow the
    // reader, and an exercise keeps the reader's code apart from the sandbox it starts from.
    this.#store = new CodeStore(this.dataset['stateKey'] ?? manifest.id, files);
    // "Run this seed again" in the flow view.
    this.addEventListener('eda-rerun', () => void this.run());
    this.#files = copyFiles(this.#store.load() ?? files);
    this.#status = this.#part('[data-part="status"]');
    this.#notice = new NoticeBar(this.#part('[data-part="notice"]'));
    this.#readViews = new ReadViews(this, manifest.open, files);
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
    this.#state = this.#part('[data-part="state"]');
    this.addEventListener('eda-faults-change', () => this.#showState());
    void customElements.whenDefined('eda-flow-panel').then(() => this.#showState());
    this.#showState();
    if (webContainerSupported()) this.#nodeMode = offerNodeMode(this.#status);
    this.#readViews.onIntentToEdit(
      () => this.#editor !== undefined || this.#editorLoading !== undefined,
      (at) => void this.startEditing(at),
    );
    this.#readViews.render(this.#files);
    warmUpWhenVisible(this, () => ({ manifest: this.#source.manifest, files: { ...this.#files } }));
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
    this.#readViews.revealLine(location.file, location.line);
  }

  /** Turns the static code into an editor (Monaco, or a textarea on phones / on failure). */
  startEditing(at?: EditSpot): Promise<CodeEditor> {
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
      panelFor: (file) => filePanel(this, file),
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
        this.#notice.show('The full editor could not load, so this is a plain one.', []);
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
      this.#notice.show('The code is already the original; the console was cleared.', []);
      return;
    }
    this.#beforeReset = copyFiles(this.#files);
    this.#files = copyFiles(original);
    this.#showingShared = false;
    this.#store.clear();
    this.#editor?.setFiles(this.#files);
    this.#editor?.setUndoResetPending(true);
    this.#readViews.render(this.#files);
    this.#showState();
    this.#notice.show('Code reset to the original.', [
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
    this.#readViews.render(this.#files);
    this.#showState();
    this.#notice.show('Your code is back.', []);
    this.#editor?.focus();
  }

  /** Copies a link that opens this sandbox with the reader's code, and shows it. */
  async share(): Promise<string> {
    const { url, notice } = await makeShareLink({
      sandboxId: this.#source.manifest.id,
      original: this.#source.files,
      files: this.#files,
      seed: this.#flowPanel()?.seed,
      faults: this.#flowPanel()?.runOptions?.faults,
      pageUrl: location.href,
    });
    this.#notice.show(notice, [], url);
    return url;
  }

  /** Back to the lesson's setup: the original code (with Undo) and every fault off. */
  resetAll(): void {
    const flow = this.#flowPanel();
    if (flow) flow.faults = { drop: 0, duplicate: 0, delayMs: 0, jitterMs: 0, reorder: 0 };
    this.reset();
    this.#showState();
  }

  #showState(): void {
    const edited = Object.keys(diffFiles(this.#source.files, this.#files)).length;
    const text = stateLine(this.#flowPanel()?.runOptions?.faults, edited);
    this.#state.hidden = text === '';
    const label = this.#state.querySelector('[data-part="state-text"]');
    if (label && label.textContent !== text) label.textContent = text;
  }

  /**
   * Saves the reader's current code as a project that runs on the real broker (`<id>.zip`),
   * built in the browser by download/ (imported on the first click, never before).
   */
  async download(): Promise<string> {
    const { downloadProject } = await import('./download/download-project');
    const { name, notice } = downloadProject(this.#source, this.#files);
    this.#notice.show(notice, []);
    return name;
  }

  /** Replaces the reader's code (an exercise's "Use solution"); "Undo" brings theirs back. */
  replaceFiles(files: FileMap, notice: string): void {
    this.#beforeReset = copyFiles(this.#files);
    this.#files = copyFiles(files);
    this.#showingShared = false;
    this.#store.save(this.#files);
    this.#editor?.setFiles(this.#files);
    this.#editor?.setUndoResetPending(true);
    this.#readViews.render(this.#files);
    this.#showState();
    this.#notice.show(notice, [{ label: 'Undo', run: () => this.undoReset() }]);
  }

  /**
   * Shows a run that already happened (one seed of an exercise's Check): its console lines,
   * and its trace in the event flow with the event numbered `seq` selected.
   */
  showRecordedRun(lines: readonly OutputLine[], session: RunSession, seq?: number): boolean {
    this.#endSession();
    this.#runToken++;
    this.#setRunning(false);
    this.#console.clear();
    for (const line of lines) this.#console.append(line);
    this.#console.flush();
    this.#setStatus(`Seed ${session.controls.seed} of the last Check.`);
    const details = this.querySelector('details.eda-flow');
    if (details instanceof HTMLDetailsElement) details.open = true;
    const flow = this.#flowPanel();
    if (!flow) return false;
    flow.session = session;
    return seq === undefined || flow.showEvent(seq);
  }

  #wireActions(): void {
    this.#button('run').addEventListener('click', () => void this.run());
    this.#button('stop').addEventListener('click', () => this.stop());
    this.#button('edit').addEventListener('click', () => void this.startEditing());
    this.#button('reset').addEventListener('click', () => this.reset());
    this.#button('share').addEventListener('click', () => void this.share());
    this.#button('reset-all').addEventListener('click', () => this.resetAll());
    this.#button('download').addEventListener('click', () => void this.download());
    warmUpOnIntent(this.#button('run'));
    this.addEventListener('keydown', (event) => {
      // Ctrl/Cmd+Enter runs from anywhere in the sandbox, editor included.
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.run();
      }
    });
  }

  #onEdit(file: string, text: string): void {
    // Only the sandbox's own files are edited; the editor never names another, and a name that
    // is not one must not become an extra file that is saved and shared.
    if (!Object.hasOwn(this.#source.files, file)) return;
    this.#files[file] = text;
    this.#readViews.markTab(file, text !== this.#source.files[file]);
    this.#store.saveSoon(copyFiles(this.#files));
    this.#showState();
    if (this.#beforeReset || this.#showingShared) {
      // Typing after a reset commits to it; typing in shared code makes it the reader's own.
      this.#beforeReset = undefined;
      this.#showingShared = false;
      this.#notice.hide();
    }
  }

  async #openSharedLink(): Promise<void> {
    // A share link is a sandbox's code; an exercise on the same page keeps the reader's own.
    if (this.dataset['storeKey'] !== undefined) return;
    const link = await decodeSharedCode(location.hash);
    if (link.kind === 'refused') {
      // Said in the console, where the reader looks after opening a link; their code stays.
      this.#system('warn', link.reason);
      return;
    }
    if (link.kind !== 'code' || link.code.id !== this.#source.manifest.id) return;
    const files = filesFromLink(this.#source.files, link.code);
    this.#files = files;
    this.#showingShared = true;
    // The sender's seed: applied to the flow view once it is loaded (see #flowPanel).
    if (link.code.seed !== undefined) this.#sharedSeed = link.code.seed;
    this.#sharedFaults = link.code.faults;
    // Shown in the panel as soon as it exists, not only at Run: the reader sees what will run.
    void customElements.whenDefined('eda-flow-panel').then(() => this.#flowPanel());
    this.#editor?.setFiles(files);
    this.#readViews.render(this.#files);
    this.#showState();
    const saved = this.#store.load();
    this.#notice.show(
      openedLinkNotice(saved !== undefined),
      saved ? [{ label: 'Back to my code', run: () => this.#leaveShared(saved) }] : [],
    );
  }

  #leaveShared(saved: FileMap): void {
    this.#showingShared = false;
    this.#files = copyFiles(saved);
    this.#editor?.setFiles(this.#files);
    this.#readViews.render(this.#files);
    this.#showState();
    this.#notice.hide();
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
    if (this.#sharedFaults !== undefined) {
      panel.faults = this.#sharedFaults;
      this.#sharedFaults = undefined;
    }
    return panel;
  }

  #button(action: string): HTMLButtonElement {
    return actionButton(this, action);
  }

  #part(selector: string): HTMLElement {
    return sandboxPart(this, selector);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
