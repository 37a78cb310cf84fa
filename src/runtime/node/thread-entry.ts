/**
 * The script of one service's worker_thread (bundled by scripts/run-sandbox.mjs). The same
 * guest as in the browser, on the thread's parentPort. No lockdown of the guest here: the Node
 * runtime runs code with the user's privileges and is not a boundary. Node's permission model
 * (set by scripts/run-sandbox.mjs) is the defence in depth, and nested workers are taken away
 * because they could leave it.
 */
import { Buffer } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import { runGuest } from '../guest';
import type { HostMessage } from '../protocol';
import { forbidNestedWorkers } from './no-nested-workers';
import { nextTask } from '../../broker/core/next-task';

const port = parentPort;
if (!port) throw new Error('thread-entry must run in a worker_thread');
forbidNestedWorkers();

runGuest({
  post: (message) => port.postMessage(message),
  listen: (handler) => port.on('message', (message: HostMessage) => handler(message)),
  onUncaught: (report) => {
    process.on('uncaughtException', (error) => report(error, 'uncaught'));
    process.on('unhandledRejection', (reason) => report(reason, 'rejection'));
  },
  evaluate: (source) => (0, eval)(source) as unknown,
  toBuffer: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  builtins: { buffer: { Buffer }, 'node:buffer': { Buffer } },
  afterMicrotasks: nextTask,
});
