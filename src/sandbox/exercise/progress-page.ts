/**
 * The /progress/ page: fills each exercise's state from this browser's progress, and exports
 * or imports it as a file (nothing is sent anywhere).
 */
import { hasPassed, loadProgress, progressEvent, type Progress } from './progress';
import { exportProgress, importProgress } from './progress-file';

function paint(progress: Progress = loadProgress()): void {
  const items = [...document.querySelectorAll<HTMLElement>('li[data-exercise]')];
  let done = 0;
  for (const item of items) {
    const name = item.dataset['exercise'] ?? '';
    const state = item.querySelector<HTMLElement>('[data-part="state"]');
    if (!state) continue;
    const entry = hasPassed(progress, name) ? progress.exercises[name] : undefined;
    if (entry) done += 1;
    state.textContent = entry
      ? `✓ passed on ${new Date(entry.passedAt).toLocaleDateString()}`
      : 'not done yet';
    state.dataset['state'] = entry ? 'done' : 'open';
  }
  const summary = document.querySelector('[data-part="summary"]');
  if (summary) summary.textContent = `${done} of ${items.length} exercises done.`;
}

document.querySelector('[data-action="export"]')?.addEventListener('click', () => {
  const blob = new Blob([exportProgress(loadProgress())], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'eda-playground-progress.json';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
});

const input = document.querySelector<HTMLInputElement>('input[data-action="import"]');
input?.addEventListener('change', () => {
  const file = input.files?.[0];
  const status = document.querySelector('[data-part="import-status"]');
  if (!file || !status) return;
  if (file.size > 1_000_000) {
    status.textContent = 'This file is too large to be a progress file.';
    input.value = '';
    return;
  }
  file
    .text()
    .then((text) => {
      paint(importProgress(text));
      status.textContent = `Imported ${file.name}.`;
    })
    .catch((error: unknown) => {
      status.textContent = error instanceof Error ? error.message : String(error);
    })
    .finally(() => {
      input.value = '';
    });
});

paint();
addEventListener(progressEvent, () => paint());
addEventListener('storage', () => paint());
