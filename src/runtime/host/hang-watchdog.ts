import type { GuestTransport } from './guest-transport';
import { roundPatienceMs, type RoundMember } from './run-rounds';

/** Longest wait between two heartbeats; a shorter time limit beats more often. */
export const maxHeartbeatMs = 250;

/** What the watchdog reads and keeps on a service (part of its ServiceProcess). */
export interface WatchedService {
  readonly manifest: { readonly name: string };
  readonly status: RoundMember['status'];
  readonly transport?: Pick<GuestTransport, 'post'>;
  /** Real time since which it has had work it has not settled (run-rounds.ts). */
  readonly busySince?: number;
  /** Its last ping's number, and when that ping went out while no answer has come. */
  pingN: number;
  pingAt?: number;
}

/** What a {@link HangWatchdog} needs from its run. */
export interface HangWatchdogOptions<S extends WatchedService> {
  /** A service that has not answered for this long is stopped. */
  readonly timeLimitMs: number;
  /** Real milliseconds, monotonic. */
  readonly now: () => number;
  /** Whether the rounds have waited longer than their patience for it (run-rounds.ts). */
  readonly straggling: (service: S) => boolean;
  /** At each heartbeat while it straggles: the others go on without it. */
  readonly goOnWithout: (service: S) => void;
  /** A line the watchdog says about a service (always shown). */
  readonly say: (service: S, text: string) => void;
  /** It blocks its thread: stop it, alone, with `text` as its failure. */
  readonly stop: (service: S, text: string) => void;
}

/**
 * The hang watchdog. A service's code runs on its own thread, and an endless loop there would
 * hold up the run (the rounds wait for every thread) for ever. After its thread said `ready`,
 * each heartbeat pings it; a service that has not answered for `timeLimitMs`, or that answers
 * but never settles the work it was given, is stopped alone, and the others keep running.
 * A thread busy for over {@link roundPatienceMs} no longer holds the others up (said once per
 * run: that run may not replay exactly). The run calls {@link HangWatchdog.beat} every
 * {@link HangWatchdog.heartbeatMs}.
 *
 * @example
 * const watchdog = new HangWatchdog({ timeLimitMs: 2_000, now, straggling, goOnWithout, say, stop });
 * setInterval(() => watchdog.beat(services.values()), watchdog.heartbeatMs);
 */
export class HangWatchdog<S extends WatchedService> {
  /** How often the run should call {@link HangWatchdog.beat}. */
  readonly heartbeatMs: number;
  private lastBeat: number;
  private stragglerNoted = false;

  constructor(private readonly options: HangWatchdogOptions<S>) {
    this.heartbeatMs = Math.min(maxHeartbeatMs, Math.max(20, options.timeLimitMs / 4));
    this.lastBeat = options.now();
  }

  /** One heartbeat at real time `t`: pings every running thread, stops those that stopped answering. */
  beat(services: Iterable<S>, t = this.options.now()): void {
    const { timeLimitMs } = this.options;
    // If the page itself was blocked (Monaco loading, a background tab), pongs may be waiting
    // unread behind this timer: give every service a fresh window instead of blaming it.
    const hostStalled = t - this.lastBeat > this.heartbeatMs * 4;
    this.lastBeat = t;
    for (const service of services) {
      if (service.status !== 'running' || !service.transport) continue;
      if (this.options.straggling(service)) this.straggles(service);
      if (service.pingAt !== undefined) {
        if (hostStalled) service.pingAt = t;
        else if (t - service.pingAt > timeLimitMs) this.hung(service);
      } else if (
        service.busySince !== undefined &&
        !hostStalled &&
        t - service.busySince > timeLimitMs
      ) {
        // It answers pings but never settles what it was given: the run's clock would wait on
        // it for ever.
        this.hung(service);
      } else {
        service.pingN += 1;
        service.pingAt = t;
        service.transport.post({ t: 'ping', n: service.pingN });
      }
    }
  }

  /** Its thread answered ping `n` (an older ping's answer does not count). */
  pong(service: S, n: number): void {
    if (n === service.pingN) delete service.pingAt;
  }

  private straggles(service: S): void {
    if (!this.stragglerNoted) {
      this.stragglerNoted = true;
      const name = service.manifest.name;
      this.options.say(
        service,
        `${name} kept its thread busy for over ${roundPatienceMs / 1000} s; the other services go on without waiting for it, so this run may not replay exactly.`,
      );
    }
    this.options.goOnWithout(service);
  }

  private hung(service: S): void {
    const name = service.manifest.name;
    const seconds = (this.options.timeLimitMs / 1000).toLocaleString('en');
    this.options.stop(
      service,
      `${name} did not yield for ${seconds} s (an endless loop?) and was stopped; the other services keep running.`,
    );
  }
}
