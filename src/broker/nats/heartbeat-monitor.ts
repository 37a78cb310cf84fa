/**
 * nats-core's IdleHeartbeatMonitor (`lib/idleheartbeat_monitor.js`): every `interval` ms it
 * checks whether anything arrived (`work()`) since the last check; after `maxOut` silent checks
 * in a row it calls back (returning true stops it). A fetch whose messages or statuses were
 * lost ends this way in the real client ("heartbeats missed"), instead of waiting forever.
 */
export class HeartbeatMonitor {
  private last: number;
  private missed = 0;
  private cancelTimer: (() => void) | undefined;

  constructor(
    private readonly interval: number,
    private readonly now: () => number,
    private readonly timer: (task: () => void, ms: number) => () => void,
    private readonly onMissed: (missed: number) => boolean,
    private readonly maxOut = 2,
  ) {
    this.last = now();
    this.schedule();
  }

  work(): void {
    this.last = this.now();
    this.missed = 0;
  }

  cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.missed = 0;
  }

  restart(): void {
    this.cancel();
    this.last = this.now();
    this.schedule();
  }

  private schedule(): void {
    this.cancelTimer = this.timer(() => {
      if (this.now() - this.last > this.interval) this.missed++;
      if (this.missed >= this.maxOut && this.onMissed(this.missed)) {
        this.cancel();
        return;
      }
      this.schedule();
    }, this.interval);
  }
}
