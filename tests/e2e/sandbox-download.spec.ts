import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import amqplib from 'amqplib';
import { expect, test } from '@playwright/test';
import { sandbox, sharedUrl, waitForIsland } from './sandbox-helpers';

// Download gives a project that runs the reader's code on the real broker: this takes the zip
// from the built page, unpacks it, installs it from the npm registry and runs `npm start`
// against RabbitMQ on loopback (amqp://localhost, as the code says), then looks for the story.
// competing-consumers because its story does not depend on which process is up first (the
// queue keeps the tasks until a worker takes them), which real processes starting at their
// own pace do not guarantee. The project has no run prefix (it is the reader's own broker):
// the test removes the queue `tasks` it declares, before and after.

const amqpUrl = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

async function deleteTasksQueue(): Promise<void> {
  const connection = await amqplib.connect(amqpUrl);
  const channel = await connection.createChannel();
  await channel.deleteQueue('tasks');
  await connection.close();
}

test('Download gives a project that runs the edited code on real RabbitMQ with npm start', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await deleteTasksQueue();
  const id = 'competing-consumers';
  const original = readFileSync(join('sandboxes', id, 'task-producer.ts'), 'utf8');
  const edited = `${original}\nconsole.log('edited before the download');\n`;
  await page.goto(await sharedUrl(`play/${id}/`, id, { 'task-producer.ts': edited }));
  const box = sandbox(page);
  await waitForIsland(box);
  await expect(box.getByText('runs unchanged on a real RabbitMQ')).toBeVisible();

  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const downloading = page.waitForEvent('download');
  await box.getByRole('button', { name: 'Download', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${id}.zip`);
  // Built in the page: no request left the site's origin (blob: URLs are the page's own).
  const origin = new URL(page.url()).origin;
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:'))).toEqual([]);
  await expect(box.getByRole('status').filter({ hasText: `Saved ${id}.zip` })).toBeVisible();

  const folder = mkdtempSync(join(tmpdir(), 'eda-download-'));
  const archive = join(folder, `${id}.zip`);
  await download.saveAs(archive);
  execFileSync('unzip', ['-q', archive, '-d', folder]);
  const project = join(folder, id);
  expect(readdirSync(project).sort()).toEqual(
    [
      'README.md',
      'compose.yaml',
      'package.json',
      'sandbox.json',
      'start.mjs',
      'task-producer.ts',
      'worker.ts',
    ].sort(),
  );
  expect(readFileSync(join(project, 'task-producer.ts'), 'utf8')).toBe(edited);
  expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'))).toMatchObject({
    dependencies: { amqplib: '2.3.1' },
  });

  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: project,
    stdio: 'ignore',
    timeout: 180_000,
  });
  const story = await new Promise<string>((resolve, reject) => {
    const child = spawn('npm', ['start'], {
      cwd: project,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const finished = () =>
      (out.match(/^\[worker-\d\] finished task \d$/gm) ?? []).length === 9 &&
      (out.match(/^\[worker-\d\] waiting for tasks$/gm) ?? []).length === 3;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      // Every task done: stop the services (Ctrl-C reaches the whole process group).
      if (finished() && child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', () =>
      finished() ? resolve(out) : reject(new Error(`npm start ended early:\n${out}\n${err}`)),
    );
  });
  await deleteTasksQueue();

  for (let task = 1; task <= 9; task += 1) {
    expect(story).toContain(`[producer] queued task ${task} (`);
    expect(story).toMatch(new RegExp(`^\\[worker-\\d\\] started task ${task} \\(`, 'm'));
  }
  expect(story).toContain('[producer] edited before the download');
  for (const worker of ['worker-1', 'worker-2', 'worker-3']) {
    expect(story).toContain(`[${worker}] waiting for tasks`);
  }
});
