/** The RPC protocol shared by the broker host and every guest (Web Worker or worker_thread). */
export type { EncodedValue } from './encoded-value';
export type { GuestMessage, HostMessage, RunTime, StampedHostMessage } from './rpc-messages';
export { describeModule, type ModuleDescriptor } from './module-descriptor';
export {
  remoteClasses,
  remoteExports,
  returnShape,
  isCallable,
  exportKey,
  remotePropClass,
  opensAsyncIterator,
  asyncIteratorClass,
  asyncIteratorMethod,
  type LocalMethod,
  type RemoteClass,
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
