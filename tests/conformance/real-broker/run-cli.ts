import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRunner } from '../../../scripts/run-sandbox.mjs';

/** What one `npm run sandbox` run printed, and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

let runner: Promise<string> | undefined;

/**
 * Runs the sandbox CLI (bundled once by scripts/run-sandbox.mjs) in a child process, as
 * `npm run sandbox -- <args>` does but without Node's permission model (it refuses a worktree
 * whose node_modules is a symlink, and what is tested here is the broker, not the sandboxing).
 * `onOutput` sees standard output as it comes, e.g. to press Ctrl-C at a chosen line.
 */
export async function runSandboxCli(
  args: readonly string[],
  onOutput?: (soFar: string, child: { kill(signal: NodeJS.Signals): boolean }) => void,
): Promise<CliRun> {
  // A folder of this test's own: the default one under node_modules/.cache may be shared by
  // other checkouts of the project (a symlinked node_modules) bundling other sources.
  runner ??= buildRunner(mkdtempSync(join(tmpdir(), 'real-broker-runner-')));
  const outdir = await runner;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(outdir, 'cli.mjs'), ...args], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      onOutput?.(out, child);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** The run's name tag, from the line that announces it (`… start with edp-1a2b3c …`). */
export function runTag(err: string): string {
  const tag = /names start with (edp-[0-9a-f]{6})/.exec(err)?.[1];
  if (!tag) throw new Error(`the run did not say its name tag:\n${err}`);
  return tag;
}

/**
 * Each service's lines, by the name in front (`[email] sent …` → email: ['sent …']), with what
 * differs from run to run by nature and not by broker blanked: ISO timestamps, UUIDs.
 */
export function linesByService(out: string): Map<string, string[]> {
  const byService = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const match = /^\[([a-z][a-z0-9-]*)\] (.*)$/.exec(line);
    if (!match) continue;
    const [, service = '', text = ''] = match;
    const normalised = text
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
    byService.set(service, [...(byService.get(service) ?? []), normalised]);
  }
  return byService;
}
