import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/**
 * On a machine without Chromium, ships Mermaid itself (same origin, no CDN) under
 * `/_diagrams/` so pages that have a diagram render it in the reader's browser. Pages
 * without a diagram never load it: only the diagram plugin's inline script imports it.
 */
export function diagramFallback(active: boolean): AstroIntegration {
  return {
    name: 'eda-diagram-fallback',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        if (!active) return;
        const target = join(fileURLToPath(dir), '_diagrams');
        const mermaidDist = dirname(createRequire(import.meta.url).resolve('mermaid'));
        mkdirSync(target, { recursive: true });
        cpSync(join(mermaidDist, 'mermaid.esm.min.mjs'), join(target, 'mermaid.esm.min.mjs'));
        const chunks = join(mermaidDist, 'chunks', 'mermaid.esm.min');
        mkdirSync(join(target, 'chunks', 'mermaid.esm.min'), { recursive: true });
        for (const name of readdirSync(chunks).filter((file) => file.endsWith('.mjs'))) {
          cpSync(join(chunks, name), join(target, 'chunks', 'mermaid.esm.min', name));
        }
        writeFileSync(join(target, 'render-diagrams.mjs'), clientRenderer);
        logger.warn(
          'Chromium not found: diagrams will render in the browser (Mermaid copied to /_diagrams/).',
        );
      },
    },
  };
}

// Plain JS shipped as a file: it runs only on pages with a diagram. Dagre, not ELK, keeps the
// client chunk small.
const clientRenderer = `const { default: mermaid } = await import('./mermaid.esm.min.mjs');
const dark = document.documentElement.dataset.theme === 'dark';
mermaid.initialize({ startOnLoad: false, theme: dark ? 'dark' : 'default', layout: 'dagre', securityLevel: 'strict' });
let index = 0;
for (const pre of document.querySelectorAll('pre[data-diagram]')) {
  const label = pre.getAttribute('aria-label') || 'Diagram';
  try {
    const { svg } = await mermaid.render('diagram-client-' + index++, pre.textContent || '');
    const figure = pre.parentElement;
    figure.innerHTML = svg;
    const element = figure.querySelector('svg');
    element?.setAttribute('role', 'img');
    element?.setAttribute('aria-label', label);
    figure.classList.remove('diagram-pending');
  } catch (error) {
    pre.insertAdjacentText('beforebegin', 'This diagram could not be drawn: ' + error.message);
  }
}
`;
