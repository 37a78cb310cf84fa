/** The enum objects `@nats-io/jetstream` exports (`lib/jsapi_types.js`, `lib/types.js`). */
export const RetentionPolicy = {
  Limits: 'limits',
  Interest: 'interest',
  Workqueue: 'workqueue',
} as const;
export const DiscardPolicy = { Old: 'old', New: 'new' } as const;
export const StorageType = { File: 'file', Memory: 'memory' } as const;
export const DeliverPolicy = {
  All: 'all',
  Last: 'last',
  New: 'new',
  StartSequence: 'by_start_sequence',
  StartTime: 'by_start_time',
  LastPerSubject: 'last_per_subject',
} as const;
export const AckPolicy = {
  None: 'none',
  All: 'all',
  Explicit: 'explicit',
  FlowControl: 'flow_control',
  NotSet: '',
} as const;
export const ReplayPolicy = { Instant: 'instant', Original: 'original' } as const;
export const StoreCompression = { None: 'none', S2: 's2' } as const;
export const PersistMode = { Default: 'default', Async: 'async' } as const;
export const PubHeaders = {
  MsgIdHdr: 'Nats-Msg-Id',
  ExpectedStreamHdr: 'Nats-Expected-Stream',
  ExpectedLastSeqHdr: 'Nats-Expected-Last-Sequence',
  ExpectedLastMsgIdHdr: 'Nats-Expected-Last-Msg-Id',
  ExpectedLastSubjectSequenceHdr: 'Nats-Expected-Last-Subject-Sequence',
} as const;
export const JsHeaders = {
  StreamSourceHdr: 'Nats-Stream-Source',
  LastConsumerSeqHdr: 'Nats-Last-Consumer',
  LastStreamSeqHdr: 'Nats-Last-Stream',
  ConsumerStalledHdr: 'Nats-Consumer-Stalled',
  MessageSizeHdr: 'Nats-Msg-Size',
  RollupHdr: 'Nats-Rollup',
  RollupValueSubject: 'sub',
  RollupValueAll: 'all',
  PendingMessagesHdr: 'Nats-Pending-Messages',
  PendingBytesHdr: 'Nats-Pending-Bytes',
} as const;
