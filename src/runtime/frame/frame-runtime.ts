import type { SandboxRuntime, SandboxSource } from '../contract';
import { startFrameSession } from './frame-session';
import { SandboxFrameHandle } from './sandbox-frame-handle';

/** Options of {@link createFrameRuntime}. */
export interface FrameRuntimeOptions {
  /** The frame document's URL (the build writes it to `<base>play/sandbox-frame.html`). */
  readonly frameUrl: string;
}

// How long after a Run takes the spare frame the next one is made: not while the run's own
// workers are starting on the same cores.
const spareDelayMs = 1_000;

/**
 * The browser runtime: every run in its own sandbox frame, an `<iframe sandbox="allow-scripts">`
 * with an opaque origin and a CSP without network, where the broker runs in a worker and each
 * service in a worker of its own. The page receives only checked console lines, trace events
 * and the run's end, and ends a run by removing its frame. One spare frame is kept started
 * (its workers loaded), so Run does not wait for a frame to load.
 *
 * @example
 * const runtime = createFrameRuntime({ frameUrl: '/play/sandbox-frame.html' });
 * const session = runtime.start(source, { seed: 7 });
 */
export function createFrameRuntime(options: FrameRuntimeOptions): SandboxRuntime {
  let spare: SandboxFrameHandle | undefined;
  let spareTimer: ReturnType<typeof setTimeout> | undefined;
  // The code the reader last had: each new spare compiles it while it waits, since a fresh
  // frame is a fresh realm where the first compile would otherwise land on Run.
  let prepared: SandboxSource | undefined;
  // A spare that navigated away is dropped; the next Run makes a fresh one.
  const makeFrame = (): SandboxFrameHandle => {
    const frame: SandboxFrameHandle = new SandboxFrameHandle(options.frameUrl, () => {
      if (spare === frame) spare = undefined;
      frame.remove();
    });
    if (prepared) frame.run.postMessage({ t: 'prepare', source: prepared });
    return frame;
  };
  const takeFrame = (): SandboxFrameHandle => {
    const frame = spare ?? makeFrame();
    spare = undefined;
    if (spareTimer === undefined) {
      spareTimer = setTimeout(() => {
        spareTimer = undefined;
        spare ??= makeFrame();
      }, spareDelayMs);
    }
    return frame;
  };
  return {
    name: 'worker',
    start: (source, runOptions = {}) => {
      prepared = source;
      // Chromium may put the spare in the same process as the running frame; if that process
      // dies (out of memory), the spare is gone too and the next Run must not wait on it.
      const dropSpare = (): void => {
        spare?.remove();
        spare = undefined;
      };
      return startFrameSession(takeFrame(), source, runOptions, dropSpare);
    },
    prepare: (source: SandboxSource) => {
      prepared = source;
      if (spare) spare.run.postMessage({ t: 'prepare', source });
      else spare = makeFrame();
    },
  };
}
