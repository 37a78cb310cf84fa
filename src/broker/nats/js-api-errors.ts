/**
 * JetStream API errors as nats-server 2.9 returns them: the HTTP-like
 * `code`, the `err_code` the client's JetStreamApiError exposes as `.code`, and the exact
 * description, which becomes the error's message.
 */
export interface ApiError {
  readonly code: number;
  readonly err_code: number;
  readonly description: string;
}

/** Thrown inside the server model; the API layer turns it into an error response. */
export class ApiFailure extends Error {
  constructor(readonly apiError: ApiError) {
    super(apiError.description);
  }
}

function failure(code: number, errCode: number, description: string): ApiFailure {
  return new ApiFailure({ code, err_code: errCode, description });
}

export const apiErrors = {
  badRequest: () => failure(400, 10003, 'bad request'),
  invalidJson: () => failure(400, 10025, 'invalid JSON'),
  streamNotFound: () => failure(404, 10059, 'stream not found'),
  consumerNotFound: () => failure(404, 10014, 'consumer not found'),
  noMessageFound: () => failure(404, 10037, 'no message found'),
  streamNameExist: () =>
    failure(400, 10058, 'stream name already in use with a different configuration'),
  streamSubjectOverlap: () => failure(400, 10065, 'subjects overlap with an existing stream'),
  streamInvalidConfig: (err: string) => failure(500, 10052, err),
  streamStoreFailed: (err: string) => failure(503, 10077, err),
  streamNotMatch: () => failure(400, 10060, 'expected stream does not match'),
  wrongLastSequence: (seq: number) => failure(400, 10071, `wrong last sequence: ${seq}`),
  wrongLastMsgId: (id: string) => failure(400, 10070, `wrong last msg ID: ${id}`),
  messageExceedsMaximum: () => failure(400, 10054, 'message size exceeds maximum allowed'),
  sequenceNotFound: (seq: number) => failure(400, 10043, `sequence ${seq} not found`),
  streamMsgDeleteFailed: (err: string) => failure(500, 10057, err),
  streamPurgeFailed: (err: string) => failure(500, 10110, err),
  replicasNotSupported: () =>
    failure(500, 10074, 'replicas > 1 not supported in non-clustered mode'),
  maximumConsumers: () => failure(400, 10026, 'maximum consumers limit reached'),
  consumerCreate: (err: string) => failure(500, 10012, err),
  consumerNameExist: () => failure(400, 10013, 'consumer name already in use'),
  durableNameNotInSubject: () =>
    failure(400, 10016, 'consumer expected to be durable but no durable name set in subject'),
  durableNameNotMatchSubject: () =>
    failure(400, 10017, 'consumer name in subject does not match durable name in request'),
  durableNameNotSet: () =>
    failure(400, 10018, 'consumer expected to be durable but a durable name was not set'),
  ephemeralWithDurableName: () =>
    failure(400, 10020, 'consumer expected to be ephemeral but a durable name was set in request'),
  pullRequiresAck: () => failure(400, 10084, 'consumer in pull mode requires ack policy'),
  filterNotSubset: () =>
    failure(400, 10093, 'consumer filter subject is not a valid subset of the interest subjects'),
  consumerInvalidPolicy: (err: string) => failure(400, 10094, err),
  wqRequiresExplicitAck: () => failure(400, 10098, 'workqueue stream requires explicit ack'),
  wqMultipleUnfiltered: () =>
    failure(400, 10099, 'multiple non-filtered consumers not allowed on workqueue stream'),
  wqNotUnique: () => failure(400, 10100, 'filtered consumer not unique on workqueue stream'),
  wqNotDeliverAll: () => failure(400, 10101, 'consumer must be deliver all on workqueue stream'),
  maxDeliverBackoff: () =>
    failure(400, 10116, 'max deliver is required to be > length of backoff values'),
  durableAndNameMismatch: () =>
    failure(400, 10132, 'Consumer Durable and Name have to be equal if both are provided'),
};
