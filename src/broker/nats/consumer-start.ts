import type { ConsumerConfig } from './consumer-config';
import { isLiteral, subjectMatches } from './subject';
import type { Filter, StreamStore } from './stream-store';

/** A consumer's subject filter: the test, and the subject when it is one literal subject. */
export interface ConsumerFilter {
  readonly filter: Filter;
  readonly literal: string | undefined;
}

/** The consumer's filter; one equal to the stream's only subject filters nothing (`isFiltered`). */
export function consumerFilter(
  config: ConsumerConfig,
  streamSubjects: readonly string[],
): ConsumerFilter {
  const filters = config.filter_subjects ?? (config.filter_subject ? [config.filter_subject] : []);
  if (
    filters.length === 0 ||
    (filters.length === 1 && streamSubjects.length === 1 && filters[0] === streamSubjects[0])
  ) {
    return { filter: undefined, literal: undefined };
  }
  return {
    filter: (subject) => filters.some((f) => subjectMatches(f, subject)),
    literal: filters.length === 1 && isLiteral(filters[0]!) ? filters[0] : undefined,
  };
}

/** For deliver policy last_per_subject: the last message of each subject, then resume. */
export interface SkipList {
  readonly resume: number;
  readonly seqs: number[];
}

/**
 * Where a new consumer starts (nats-server's `selectStartingSeqNo`): by its
 * deliver policy, clamped into the stream's current sequences. `opt_start_time` is compared
 * with the run clock the messages were stored by.
 */
export function startingSequence(
  config: ConsumerConfig,
  store: StreamStore,
  filter: Filter,
): { seq: number; skipList: SkipList | undefined } {
  let seq: number;
  let skipList: SkipList | undefined;
  if (config.opt_start_seq !== undefined) seq = config.opt_start_seq;
  else if (config.deliver_policy === 'all') seq = store.firstSeq;
  else if (config.deliver_policy === 'last') {
    seq = filter ? (lastMatching(store, filter) ?? 0) : store.lastSeq;
  } else if (config.deliver_policy === 'last_per_subject') {
    const seqs = store.lastPerSubject(filter);
    if (seqs.length > 0) {
      skipList = { resume: store.lastSeq, seqs };
      seq = seqs[0]!;
    } else seq = store.lastSeq;
  } else if (config.opt_start_time !== undefined) {
    seq = store.seqFromTime(Date.parse(config.opt_start_time));
  } else seq = store.lastSeq + 1;
  if (store.firstSeq === 0) seq = 1;
  else if (seq < store.firstSeq) seq = store.firstSeq;
  else if (seq > store.lastSeq) seq = store.lastSeq + 1;
  return { seq, skipList };
}

function lastMatching(
  store: StreamStore,
  filter: (subject: string) => boolean,
): number | undefined {
  let last: number | undefined;
  for (const message of store.all()) if (filter(message.subject)) last = message.seq;
  return last;
}
