import type { OutputLine, RunSession, SandboxManifest } from '../../runtime/contract';
import type { RunRecord, Verdict } from '../../runtime/exercises/index';
import type { FileMap } from '../code-store';
import { readExerciseBoot, type ExerciseBootData } from './exercise-boot';
import { hasPassed, loadProgress, markPassed, progressEvent } from './progress';

/** The sandbox island as an exercise drives it (src/sandbox/sandbox-element.ts). */
interface ExerciseSandbox extends HTMLElement {
  readonly files: FileMap;
  replaceFiles(files: FileMap, notice: string): void;
  showRecordedRun(lines: readonly OutputLine[], session: RunSession, seq?: number): boolean;
}

const ElementBase = globalThis.HTMLElement ?? class {};

/**
 * `<eda-exercise>`: the goal, Check, hints, solution and progress around one exercise's
 * sandbox. Up front it only wires buttons and shows the tick; the runtime and the check's code
 * load on the first Check, Monaco's diff editor on the first "Show solution".
 */
export class EdaExerciseElement extends ElementBase {
  #ready = false;
  #boot!: ExerciseBootData;
  #hintsShown = 0;
  #checking = false;
  #records: readonly RunRecord[] = [];
  #diff: { dispose(): void } | undefined;

  connectedCallback(): void {
    if (this.#ready) return;
    this.#ready = true;
    this.#boot = readExerciseBoot(this.querySelector('script[data-exercise-boot]'));
    this.#button('check').addEventListener('click', () => void this.check());
    this.#button('hint').addEventListener('click', () => this.#nextHint());
    this.#button('solution').addEventListener('click', () => void this.#toggleSolution());
    this.#button('use-solution').addEventListener('click', () => this.#useSolution());
    this.#part('[data-part="diff-file"]').addEventListener('change', () => void this.#showDiff());
    this.#showDone();
    addEventListener(progressEvent, () => this.#showDone());
    addEventListener('storage', () => this.#showDone());
    this.dataset['ready'] = 'true';
  }

  /** Runs the reader's code on every seed of the exercise and shows the verdict. */
  async check(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    const button = this.#button('check');
    button.disabled = true;
    button.ariaBusy = 'true';
    const verdict = this.#part('[data-part="verdict"]');
    verdict.dataset['state'] = 'checking';
    verdict.textContent = 'Loading the check…';
    try {
      const [{ loadRunModules }, exercises] = await Promise.all([
        import('../run-loader'),
        import('../../runtime/exercises/index'),
      ]);
      const [{ runtime }, check] = await Promise.all([
        loadRunModules(),
        exercises.loadCheck(this.#boot.sandbox, this.#boot.name),
      ]);
      const { seeds } = this.#boot.conditions;
      const result = await exercises.checkExercise({
        runtime,
        source: { manifest: this.#sandbox().manifest, files: { ...this.#sandbox().files } },
        conditions: this.#boot.conditions,
        check,
        onSeed: (seed, index) => {
          verdict.textContent = `Checking on seed ${seed} (${index + 1} of ${seeds.length})…`;
        },
      });
      this.#records = result.records;
      this.#showVerdict(result.verdict);
      if (result.verdict.passed) markPassed(this.#boot.name, seeds);
    } catch (error) {
      verdict.dataset['state'] = 'failed';
      verdict.textContent = `The check could not run: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      this.#checking = false;
      button.disabled = false;
      button.ariaBusy = null;
    }
  }

  #showVerdict(verdict: Verdict): void {
    const box = this.#part('[data-part="verdict"]');
    box.dataset['state'] = verdict.passed ? 'passed' : 'failed';
    const icon = verdict.passed ? '✓ ' : '✗ ';
    if (verdict.event === undefined || verdict.seed === undefined) {
      box.textContent = icon + verdict.text;
      return;
    }
    // "… on seed 2 — see event #57": the event number opens that row of that seed's run.
    const cut = verdict.text.lastIndexOf(' — ');
    const link = document.createElement('button');
    link.type = 'button';
    link.className = 'eda-ex-event';
    link.textContent = verdict.text.slice(cut + 3);
    const { seed, event } = verdict;
    link.addEventListener('click', () => void this.#openEvent(seed, event));
    box.replaceChildren(`${icon}${verdict.text.slice(0, cut)} — `, link);
  }

  /** Shows the recorded run of `seed` in the sandbox's console and event log, at `event`. */
  async #openEvent(seed: number, event: number): Promise<void> {
    const record = this.#records.find((r) => r.seed === seed);
    if (!record) return;
    // Loaded by the Check already: this import costs nothing more.
    const { recordedSession } = await import('../../runtime/exercises/index');
    this.#sandbox().element.showRecordedRun(record.output, recordedSession(record), event);
  }

  #nextHint(): void {
    const hints = this.querySelectorAll<HTMLElement>('[data-part="hints"] li');
    const next = hints[this.#hintsShown];
    if (!next) return;
    next.hidden = false;
    this.#hintsShown += 1;
    this.#part('[data-part="hints"]').hidden = false;
    const button = this.#button('hint');
    const left = hints.length - this.#hintsShown;
    button.textContent = left > 0 ? `Show another hint (${left} left)` : 'No more hints';
    button.disabled = left === 0;
    next.focus();
  }

  async #toggleSolution(): Promise<void> {
    const button = this.#button('solution');
    const panel = this.#part('[data-part="solution"]');
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? 'Hide solution' : 'Show solution';
    panel.hidden = !open;
    if (open) await this.#showDiff();
    else {
      this.#diff?.dispose();
      this.#diff = undefined;
    }
  }

  /** The reader's file beside the solution's, read-only: their code is never touched. */
  async #showDiff(): Promise<void> {
    const select = this.#part('[data-part="diff-file"]') as HTMLSelectElement;
    const file = select.value;
    const mine = this.#sandbox().files[file] ?? '';
    const solved = this.#boot.solution[file] ?? mine;
    const host = this.#part('[data-part="diff"]');
    this.#diff?.dispose();
    this.#diff = undefined;
    try {
      const { createReadOnlyDiff } = await import('../editor/monaco-editor');
      this.#diff = createReadOnlyDiff(host, mine, solved, `Your ${file} beside the solution`);
    } catch {
      // Monaco could not load (or a phone): the solution as plain text still helps.
      const pre = document.createElement('pre');
      pre.tabIndex = 0;
      pre.textContent = solved;
      host.replaceChildren(pre);
      this.#diff = { dispose: () => pre.remove() };
    }
  }

  #useSolution(): void {
    const sandbox = this.#sandbox();
    sandbox.element.replaceFiles(
      { ...sandbox.files, ...this.#boot.solution },
      'The solution replaced your code.',
    );
  }

  #showDone(): void {
    const done = hasPassed(loadProgress(), this.#boot.name);
    this.#part('[data-part="done"]').hidden = !done;
  }

  /** The exercise's sandbox island, its manifest and the reader's current files. */
  #sandbox(): { element: ExerciseSandbox; files: FileMap; manifest: SandboxManifest } {
    const element = this.querySelector<ExerciseSandbox>('eda-sandbox');
    const boot = element?.querySelector('script[data-boot]')?.textContent;
    if (!element || !boot) throw new Error('The exercise has no sandbox.');
    const { manifest } = JSON.parse(boot) as { manifest: SandboxManifest };
    return { element, files: element.files, manifest };
  }

  #button(action: string): HTMLButtonElement {
    return this.#part(`button[data-action="${action}"]`) as HTMLButtonElement;
  }

  #part(selector: string): HTMLElement {
    const found = this.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`Exercise is missing ${selector}.`);
    return found;
  }
}
