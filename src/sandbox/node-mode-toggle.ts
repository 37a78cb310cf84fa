import { loadNodeRuntime } from './run-loader';

/**
 * Offers "Node mode" (real Node in a WebContainer) as a checkbox placed before `status`. Only
 * for cross-origin isolated pages, so it is not in the server markup: isolation is only known
 * in the browser. Ticking it fetches that runtime; the next Run uses it (falling back to the
 * browser if it cannot boot).
 *
 * @returns the checkbox, whose `checked` says which runtime Run uses
 */
export function offerNodeMode(status: HTMLElement): HTMLInputElement {
  const label = document.createElement('label');
  label.className = 'eda-node-mode';
  label.title =
    'Run the services in real Node inside a WebContainer (StackBlitz). ' +
    'If it cannot start, the sandbox runs in the browser as usual.';
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.addEventListener('change', () => {
    if (box.checked) void loadNodeRuntime().catch(() => {});
  });
  label.append(box, 'Node mode');
  status.before(label);
  return box;
}
