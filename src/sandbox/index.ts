/**
 * The sandbox island's public door. `Sandbox.astro` imports `defineSandboxElement` in its
 * `<script>`, so only pages with a sandbox load this, and only these few modules up front:
 * the runtime, the flow view and Monaco are each fetched when first needed.
 */
import { EdaSandboxElement } from './sandbox-element';

export { EdaSandboxElement } from './sandbox-element';
export { readBootData, writeBootData, type SandboxBootData } from './boot-data';

/**
 * Registers `<eda-sandbox>` (once, however many sandboxes the page has).
 * @example defineSandboxElement();
 */
export function defineSandboxElement(): void {
  if (!customElements.get('eda-sandbox')) customElements.define('eda-sandbox', EdaSandboxElement);
}
