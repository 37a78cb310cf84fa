import type { HostMessage, StampedHostMessage } from '../protocol';
import type { GuestTransport } from './guest-transport';
import type { RunClock } from '../../broker';
import { nextTask } from '../../broker/core/next-task';

/** Real time a run waits for one busy thread before the others go on without it. */
export const roundPatienceMs = 1_000;

/** What the rounds keep for one service's thread (part of its ServiceProcess, service-process.ts). */
export interface RoundMember {
  transport?: GuestTransport;
  bridge?: { handle(message: unknown): void };
  status: 'waiting' | 'starting' | 'running' | 'ended';
  /** Host messages sent to its thread that make it run code, and how many it has settled. */
  sentSeq: number;
  settledSeq: number;
  /** What it sent since the last round, handled once every thread has settled. */
  readonly inbox: unknown[];
  /** Real time since which it has had work it has not settled. */
  busySince?: number;
  /** Real time its thread said it was loaded. */
  readyAt?: number;
}

/** What {@link createRounds} needs from its run. */
export interface RoundsOptions {
  /** Every service, in the sandbox's order: the order inboxes are handled in. */
  readonly members: () => Iterable<RoundMember>;
  readonly clock: RunClock;
  /** Real milliseconds, monotonic. */
  readonly now: () => number;
  readonly isDone: () => boolean;
  /** Whether a Step is going on, and what it does when the rounds are idle (step-pacer.ts). */
  readonly steps: StepTurns;
}

/** How a Step goes on through the rounds (step-pacer.ts). */
export interface StepTurns {
  /** A Step is going on: the rounds run although the clock is paused. */
  readonly stepping: boolean;
  /** The rounds are idle during a Step: true if it goes on (the clock ran one more action). */
  advance(): boolean;
}

/** The rounds of one run (see {@link createRounds}). */
export interface Rounds {
  /** Sends `message` to a thread; one that makes it run code is numbered and stamped. */
  post(member: RoundMember, transport: GuestTransport, message: HostMessage): void;
  /** The thread ran everything up to host message `seq`. */
  settled(member: RoundMember, seq: number): void;
  /** Queues what a thread sent for the next round. */
  queue(member: RoundMember, message: unknown): void;
  /** Hands a member's queued console lines to its bridge now (it is ending); drops the rest. */
  flushOutput(member: RoundMember): void;
  /** Busy for longer than {@link roundPatienceMs}: the others no longer wait for it. */
  straggling(member: RoundMember): boolean;
  /** Something changed: run the next round, or let the clock move, a task from now. */
  pump(): void;
}

/**
 * Rounds make a run replayable. Threads run in parallel in real time, but the run only ever
 * sees them in one order: what a thread sends waits in its inbox until every thread has
 * settled (answered the last message it was given), then the inboxes are handled in service
 * order, and only then may the clock run its next action. While paused nothing is handled, so
 * a service's calls, lines and timers wait too, unless a Step is going on (step-pacer.ts). The
 * clock's gate is set here.
 *
 * @example
 * const rounds = createRounds({ members: () => services.values(), clock, now, … });
 * transport.onMessage((message) => rounds.queue(state, message));
 */
export function createRounds(options: RoundsOptions): Rounds {
  const { clock, now } = options;
  const busy = (member: RoundMember): boolean =>
    member.transport !== undefined && member.sentSeq > member.settledSeq;
  // A thread that keeps its work for long (an endless loop, until the watchdog ends it) no
  // longer holds the others up: they go on, as processes would.
  const straggling = (member: RoundMember): boolean =>
    busy(member) &&
    member.status === 'running' &&
    member.busySince !== undefined &&
    now() - Math.max(member.busySince, member.readyAt ?? 0) > roundPatienceMs;
  const anyBusy = (): boolean =>
    [...options.members()].some((member) => busy(member) && !straggling(member));
  const anyInbox = (): boolean => [...options.members()].some((m) => m.inbox.length > 0);
  clock.setGate(() => !anyBusy() && !anyInbox());
  const { steps } = options;
  let pumpQueued = false;

  const runPump = (): void => {
    pumpQueued = false;
    if (options.isDone() || anyBusy()) return;
    const holding = clock.paused && !steps.stepping;
    if (!holding && anyInbox()) {
      for (const member of options.members()) {
        // One message off the front at a time, never by index over a batch: handling one can
        // crash or restart the service, which flushes its inbox (flushOutput) and gives it a new
        // bridge, and what is left must not be handled twice or by the new thread's bridge.
        for (let message = member.inbox.shift(); message !== undefined;) {
          member.bridge?.handle(message);
          message = member.inbox.shift();
        }
      }
      pump();
      return;
    }
    if (steps.stepping) {
      if (steps.advance()) pump();
      return;
    }
    clock.kick();
  };
  // A real task later: the host's own microtasks (a broker result being sent) come first.
  const pump = (): void => {
    if (pumpQueued || options.isDone()) return;
    pumpQueued = true;
    nextTask(runPump);
  };

  return {
    post(member, transport, message) {
      if (message.t === 'ping') {
        transport.post(message);
        return;
      }
      if (!busy(member)) member.busySince = now();
      member.sentSeq += 1;
      const stamped: StampedHostMessage = { ...message, seq: member.sentSeq, now: clock.now() };
      transport.post(stamped);
    },
    settled(member, seq) {
      member.settledSeq = Math.max(member.settledSeq, Math.min(seq, member.sentSeq));
      if (!busy(member)) delete member.busySince;
      pump();
    },
    queue(member, message) {
      member.inbox.push(message);
      pump();
    },
    flushOutput(member) {
      for (const message of member.inbox.splice(0)) {
        const kind = (message as { t?: unknown }).t;
        if (kind === 'output' || kind === 'output-capped') member.bridge?.handle(message);
      }
    },
    straggling,
    pump,
  };
}
