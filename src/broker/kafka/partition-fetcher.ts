import { tpKey, type PartitionState } from './cluster';
import { kafkaEndpoint } from './endpoints';
import { KafkaJSNumberOfRetriesExceeded } from './errors';
import type { FetchScope, FetchedPartition } from './fetch-scope';
import { handOver } from './hand-over';
import type { LogRecord } from './partition-log';
import { retryTimes } from './retry-times';

/** Largest batch handed over per fetch (kafkajs bounds it by maxBytesPerPartition instead). */
const MAX_BATCH = 1000;
/** kafkajs's protocol constants for seek: earliest and latest. */
export const EARLIEST = -2;
export const LATEST = -1;

/**
 * The fetch loop of one assigned partition, following kafkajs 2.x's runner
 * (src/consumer/runner.js): fetch from the position, wait for a turn, hand the batch over,
 * commit it (autoCommit), repeat; wait when there is nothing to read or the partition is
 * paused. A throwing handler is retried from the last resolved offset with kafkajs's backoff;
 * after `retry.retries` the consumer crashes.
 */
export class PartitionFetcher implements FetchedPartition {
  readonly key: string;
  position: number;
  active = true;
  /** Resolves once the loop has ended (after the message in hand when stopped). */
  done: Promise<void> = Promise.resolve();
  private retryCount = 0;
  private retryTime = 0;
  /** Wakes the loop where it waits: for data, a resume, a seek, a record in the fault gate. */
  private interrupt: () => void = () => undefined;

  constructor(
    private readonly scope: FetchScope,
    readonly topic: string,
    readonly state: PartitionState,
  ) {
    this.key = tpKey(topic, state.id);
    this.position = this.initialPosition();
  }

  /** Starts the loop; kept apart from the constructor so the runner can list it first. */
  start(): void {
    this.done = this.loop();
  }

  /** Ends the loop once the message in hand is done. */
  stop(): void {
    this.active = false;
    this.interrupt();
  }

  /** Wakes the loop if it waits, to look again (a resume, a seek). */
  wake(): void {
    this.interrupt();
  }

  abandonOnStop(abandon: () => void): void {
    // Only a stop or a seek abandons a record in the fault gate. A resume wakes every loop,
    // and must not cost a record an attempt (its faults are drawn per attempt).
    this.interrupt = () => {
      if (!this.active || this.scope.seekPending(this.key)) abandon();
    };
  }

  /**
   * The committed offset if it is still in the log, else auto.offset.reset
   * (docs/broker-semantics.md, Kafka 7 and 8).
   */
  private initialPosition(): number {
    const committed = this.scope.env.cluster.offsetsOf(this.scope.groupId).get(this.key);
    const log = this.state.log;
    if (committed !== undefined && committed >= log.start && committed <= log.end) {
      return committed;
    }
    return this.resetPosition();
  }

  private resetPosition(): number {
    const log = this.state.log;
    return this.scope.fromBeginning(this.topic) ? log.start : log.end;
  }

  private wait(forData: boolean): Promise<void> {
    return new Promise((resolve) => {
      this.interrupt = resolve;
      if (forData) this.state.waiters.push(resolve);
    });
  }

  private async loop(): Promise<void> {
    const { scope, state, key, topic } = this;
    const log = state.log;
    while (this.active) {
      const seek = scope.takeSeek(key);
      if (seek !== undefined) {
        this.position = seek === EARLIEST ? log.start : seek === LATEST ? log.end : seek;
        scope.offsets.forget(key);
        // kafkajs commits the sought offset right away when autoCommit is on.
        if (scope.offsets.autoCommit) scope.offsets.commit(topic, state.id, this.position);
      }
      if (scope.paused.has(topic, key)) {
        await this.wait(false);
        continue;
      }
      if (this.position < log.start || this.position > log.end) {
        // Retention deleted what we were about to read (or a seek went past the end):
        // auto.offset.reset decides where to go (docs/broker-semantics.md, Kafka 8).
        this.position = this.resetPosition();
      }
      if (this.position >= log.end) {
        await this.wait(true);
        continue;
      }
      const turn = scope.turns().acquire();
      if (turn !== undefined) await turn;
      try {
        if (!this.active) break;
        const end = Math.min(log.end, this.position + MAX_BATCH);
        const lost = await handOver(scope, this, end);
        this.retryCount = 0;
        if (this.active) scope.offsets.autoCommitResolved();
        if (lost !== undefined && this.active) await this.refetchAfterLoss(lost);
      } catch (error) {
        if (!(await this.handleFailure(error))) return;
      } finally {
        scope.turns().release();
      }
    }
  }

  /**
   * A drop fault lost the fetch response carrying `record` (the gate traced it `dropped`,
   * reason `fault-drop`). A Kafka record cannot be lost on its way to a consumer: it stays in
   * the log, and the consumer's position only moves when its handler is done. So the position
   * stays on `record`, and the consumer fetches it again after kafkajs's initial retry time,
   * as kafkajs retries a failed fetch. Traced `delayed` with reason `refetch`, so the story
   * shows the record coming again, not lost.
   */
  private async refetchAfterLoss(record: LogRecord): Promise<void> {
    const { scope, state } = this;
    const delayMs = scope.retry().initialRetryTime;
    scope.env.ctx.trace({
      kind: 'delayed',
      from: state.label,
      to: scope.label,
      messageId: record.messageId,
      reason: 'refetch',
      detail: {
        groupId: scope.groupId,
        partition: state.id,
        offset: String(record.offset),
        delayMs,
      },
    });
    await scope.env.sleep(delayMs);
  }

  /**
   * A handler threw. Like kafkajs: commit what was resolved, then retry from the last resolved
   * offset (so the failing message comes again) with growing backoff; after the last retry,
   * crash: leave the group, emit CRASH and restart unless restartOnFailure says no.
   * Returns false when this loop must end.
   */
  private async handleFailure(error: unknown): Promise<boolean> {
    const { scope } = this;
    const ctx = scope.env.ctx;
    scope.offsets.autoCommitResolved();
    const resolved = scope.offsets.resolvedAt(this.key);
    if (resolved !== undefined) this.position = resolved;
    const cause = error instanceof Error ? error : new Error(String(error));
    const retry = scope.retry();
    this.retryTime = retryTimes(retry, this.retryCount, this.retryTime, () => ctx.random());
    if (this.retryCount < retry.retries) {
      this.retryCount += 1;
      // Other partitions may take their turn while this one backs off.
      scope.turns().release();
      try {
        await scope.env.sleep(this.retryTime);
      } finally {
        const turn = scope.turns().acquire();
        if (turn !== undefined) await turn;
      }
      return this.active;
    }
    ctx.trace({
      kind: 'crashed',
      from: scope.label,
      to: kafkaEndpoint.group(scope.groupId),
      reason: cause.message,
      detail: { retries: this.retryCount },
    });
    const crash = new KafkaJSNumberOfRetriesExceeded(cause, this.retryCount, this.retryTime);
    const retryTime = this.retryTime;
    this.active = false;
    // Leaving runs the revoke, which waits for this very loop: let it end first.
    void Promise.resolve().then(() => scope.crash(crash, retryTime));
    return false;
  }
}
