/** The RPC protocol shared by the broker host and every guest (Web Worker or worker_thread). */
export type { EncodedValue } from './encoded-value';
export type { GuestMessage, HostMessage, RunTime, StampedHostMessage } from './rpc-messages';
export { describeModule, type ModuleDescriptor } from './module-descriptor';
export {
  createRemoteSchema,
  exportKey,
  asyncIteratorClass,
  asyncIteratorMethod,
  type ClientSurface,
  type LocalMethod,
  type RemoteClass,
  type RemoteSchema,
  type ReturnShape,
} from './remote-schema';
export {
  encodeValue,
  decodeValue,
  attachIdentity,
  identityOf,
  identityKey,
  MalformedValueError,
  type CodecHooks,
} from './value-codec';
export { validateGuestMessage, type GuestMessageCheck } from './validate-guest-message';
