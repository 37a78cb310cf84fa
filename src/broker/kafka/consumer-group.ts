import type { Cluster } from './cluster';
import { kafkaEndpoint } from './endpoints';
import type { GroupDescription, MemberAssignment } from './types';

/** What the group coordinator needs from a consumer taking part in a group. */
export interface GroupMember {
  readonly memberId: string;
  /** The clientId of the Kafka instance that made it. */
  readonly clientId: string;
  /** Trace endpoint, e.g. `consumer:billing`. */
  readonly label: string;
  /** Topics this member subscribed to. */
  readonly topics: readonly string[];
  /** Stops fetching, lets the in-flight handler finish and auto-commits (the revoke step). */
  revoke(): Promise<void>;
  /** Starts fetching the partitions it was given (the assign step). */
  assign(generation: number, assignment: MemberAssignment, leaderId: string): void;
}

/**
 * kafkajs's default RoundRobinAssigner: member ids sorted, every partition of every topic the
 * group subscribes to handed out in turn, so each partition has exactly one owner and members
 * beyond the partition count get nothing.
 */
export function roundRobinAssign(
  memberIds: readonly string[],
  topics: readonly { topic: string; partitions: number }[],
): Map<string, MemberAssignment> {
  const sorted = [...memberIds].sort();
  const result = new Map<string, MemberAssignment>(sorted.map((id) => [id, {}]));
  if (sorted.length === 0) return result;
  let i = 0;
  for (const { topic, partitions } of topics) {
    for (let partition = 0; partition < partitions; partition++) {
      const assignee = sorted[i % sorted.length] ?? '';
      const assignment = result.get(assignee) ?? {};
      (assignment[topic] ??= []).push(partition);
      i++;
    }
  }
  return result;
}

/**
 * One consumer group on the coordinator: membership, generations and rebalances. A
 * rebalance revokes every member (each finishes its current message and commits), then hands
 * out partitions again, which is what Kafka does inside poll() (docs/broker-semantics.md, Kafka 6).
 */
export class ConsumerGroup {
  readonly members = new Map<string, GroupMember>();
  generation = 0;
  private rebalancing = false;
  private again = false;

  constructor(
    private readonly cluster: Cluster,
    readonly groupId: string,
    private readonly rebalanceTimeoutMs: () => number,
  ) {}

  /** Adds a member; a rebalance follows. */
  join(member: GroupMember): void {
    this.members.set(member.memberId, member);
    this.requestRebalance();
  }

  /** Removes a member that has already revoked its partitions; the others rebalance. */
  leave(memberId: string): void {
    if (this.members.delete(memberId)) this.requestRebalance();
  }

  /** Drops every member without a rebalance (the broker restarted; they must rejoin). */
  evictAll(): void {
    this.members.clear();
    this.generation += 1;
  }

  /** True when the group follows `topic` (so a topic change must rebalance it). */
  follows(topic: string): boolean {
    for (const member of this.members.values()) if (member.topics.includes(topic)) return true;
    return false;
  }

  /** Schedules a rebalance; several requests in the same tick become one. */
  requestRebalance(): void {
    if (this.rebalancing) {
      this.again = true;
      return;
    }
    this.rebalancing = true;
    this.cluster.ctx.scheduler.schedule(() => void this.rebalance());
  }

  private async rebalance(): Promise<void> {
    do {
      this.again = false;
      this.generation += 1;
      await this.revokeAll();
    } while (this.again);
    this.rebalancing = false;
    const generation = this.generation;
    const members = [...this.members.values()];
    const topicNames: string[] = [];
    for (const member of members) {
      for (const topic of member.topics) if (!topicNames.includes(topic)) topicNames.push(topic);
    }
    const topics = topicNames.flatMap((topic) => {
      const state = this.cluster.topics.get(topic);
      return state === undefined ? [] : [{ topic, partitions: state.partitions.length }];
    });
    const assignments = roundRobinAssign(
      members.map((m) => m.memberId),
      topics,
    );
    const shown: Record<string, string[]> = {};
    for (const member of members) {
      const assignment = assignments.get(member.memberId) ?? {};
      shown[member.label] = Object.entries(assignment).flatMap(([topic, partitions]) =>
        partitions.map((p) => `${topic}/${p}`),
      );
    }
    this.cluster.ctx.trace({
      kind: 'rebalanced',
      from: kafkaEndpoint.group(this.groupId),
      to: kafkaEndpoint.group(this.groupId),
      detail: { generation, members: members.length, assignment: shown },
    });
    // The leader is the first member that joined, as on a real coordinator.
    const leaderId = members[0]?.memberId ?? '';
    for (const member of members) {
      member.assign(generation, assignments.get(member.memberId) ?? {}, leaderId);
    }
  }

  /** Waits for every member to revoke, but no longer than the rebalance timeout. */
  private revokeAll(): Promise<void> {
    const all = Promise.all([...this.members.values()].map((m) => m.revoke())).then(
      () => undefined,
    );
    return new Promise((resolve) => {
      const timer = this.cluster.ctx.scheduler.schedule(resolve, this.rebalanceTimeoutMs());
      void all.then(() => {
        timer.unsubscribe();
        resolve();
      });
    });
  }
}

/** kafkajs's describeGroup(s) answer for one group. */
export function describeGroup(group: ConsumerGroup | undefined, groupId = ''): GroupDescription {
  const members = [...(group?.members.values() ?? [])].map((m) => ({
    memberId: m.memberId,
    clientId: m.clientId,
    clientHost: '/127.0.0.1',
    memberMetadata: null,
    memberAssignment: null,
  }));
  return {
    groupId: group?.groupId ?? groupId,
    members,
    protocol: members.length > 0 ? 'RoundRobinAssigner' : '',
    protocolType: 'consumer',
    state: members.length > 0 ? 'Stable' : 'Empty',
    errorCode: 0,
  };
}
