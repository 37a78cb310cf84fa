import type { DeclaredKind } from './run-names';

/** What one service's thread of a `--broker real` run is given (its workerData). */
export interface RealServiceData {
  readonly service: string;
  readonly file: string;
  /** The transpiled function expression (transpile/transpile-service.ts). */
  readonly code: string;
  readonly model: string;
  /** Where the model's real server is (`redis://127.0.0.1:6379`). */
  readonly address: string;
  /** The run's name tag (run-names.ts). */
  readonly tag: string;
  /** The folder whose node_modules holds the real client packages. */
  readonly packagesFrom: string;
}

/** What the thread posts to the run. */
export type RealServiceMessage =
  | {
      readonly type: 'output';
      readonly level: 'log' | 'info' | 'warn' | 'error';
      readonly text: string;
    }
  | { readonly type: 'declare'; readonly kind: DeclaredKind; readonly name: string }
  | { readonly type: 'failed'; readonly text: string }
  | { readonly type: 'done' };
