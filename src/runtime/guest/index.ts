/** The guest side of a service: what runs inside its Web Worker or worker_thread. */
export { runGuest, ProcessExit, type GuestEnvironment } from './run-guest';
export { lockDownGlobals, blockedGlobals, blockedError } from './lockdown';
export { formatValue, formatLogArgs, remoteClassKey, type FormatOptions } from './format-value';
export { GuestBridge, type UncaughtReporter } from './guest-bridge';
