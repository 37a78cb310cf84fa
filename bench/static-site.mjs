// Serves the built site for browser benchmarks through `astro preview`, the same server the
// browser tests use, and stops it afterwards.
import { spawn } from 'node:child_process';

/** Starts `astro preview` on `port` and resolves once it answers; call the returned stop(). */
export async function serveBuiltSite(port) {
  const child = spawn(
    'npm',
    ['run', 'preview', '--', '--host', '127.0.0.1', '--port', String(port), '--ignore-lock'],
    {
      stdio: 'ignore',
      detached: true,
    },
  );
  const url = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    stop: () => {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
