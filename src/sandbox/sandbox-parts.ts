/**
 * Finding the parts of one sandbox's server-rendered markup (`src/components/Sandbox.astro`).
 * A missing part is a build bug, so it throws rather than leaving a button dead.
 */

/** The element matching `selector` inside `root`. */
export function sandboxPart(root: ParentNode, selector: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`<eda-sandbox> is missing ${selector}`);
  return el;
}

/** The tab panel that shows `file`. */
export function filePanel(root: ParentNode, file: string): HTMLElement {
  return sandboxPart(root, `[role="tabpanel"][data-file="${CSS.escape(file)}"]`);
}

/** The toolbar button for `action` (`run`, `stop`, `edit`, `reset`, `share`, `download`). */
export function actionButton(root: ParentNode, action: string): HTMLButtonElement {
  return sandboxPart(root, `button[data-action="${action}"]`) as HTMLButtonElement;
}
