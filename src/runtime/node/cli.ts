/**
 * Entry of `npm run sandbox`, bundled with thread-entry.ts by scripts/run-sandbox.mjs (the
 * sources use extensionless imports, which Node's own TypeScript stripping cannot resolve).
 */
import { createInterface } from 'node:readline';
import { runCli } from './run-cli';

const code = await runCli(process.argv.slice(2), {
  threadEntry: new URL('./thread-entry.mjs', import.meta.url),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  realBroker: {
    threadEntry: new URL('./real-thread-entry.mjs', import.meta.url),
    // `npm run sandbox` runs in the project: its node_modules holds the real client packages.
    packagesFrom: process.cwd(),
    env: process.env,
    onInterrupt: (stop) => {
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      return () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      };
    },
  },
  readLines: (handler) => {
    const reader = createInterface({ input: process.stdin });
    reader.on('line', handler);
    return () => reader.close();
  },
});
process.exitCode = code;
