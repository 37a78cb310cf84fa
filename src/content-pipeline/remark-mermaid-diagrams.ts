import type { Code, Root, RootContent } from 'mdast';
import type { Element, ElementContent } from 'hast';
import { fromHtmlIsomorphic } from 'hast-util-from-html-isomorphic';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { DiagramRenderer, RenderedDiagram } from './diagram-renderer';

/** Options for {@link remarkMermaidDiagrams}. */
export interface MermaidDiagramsOptions {
  readonly renderer: DiagramRenderer;
  /** The site's base path, so the client fallback finds Mermaid under a sub-path too. */
  readonly base: string;
}

/**
 * Turns ```mermaid fences into inline SVG figures at build time (0 KB of JS on the page), one
 * rendering per theme. A diagram that does not render fails the build with the lesson's path,
 * the fence's line and Mermaid's reason. Without Chromium, the fence ships as source and a
 * small module script renders it in the browser, on that page only.
 */
export function remarkMermaidDiagrams(options: MermaidDiagramsOptions) {
  return async (tree: Root, file: VFile): Promise<void> => {
    const fences: Code[] = [];
    visit(tree, 'code', (node: Code) => {
      if (node.lang === 'mermaid') fences.push(node);
    });
    if (fences.length === 0) return;

    if (options.renderer.mode === 'client') {
      fences.forEach((fence) => replaceWith(fence, clientFigure(fence)));
      const script = clientScript(options.base);
      tree.children.push(script);
      return;
    }

    const results = await options.renderer.render(fences.map((fence) => fence.value));
    fences.forEach((fence, index) => {
      const result = results[index];
      if (result === undefined || result instanceof Error) {
        const line = fence.position?.start.line ?? 0;
        const reason = (result?.message ?? 'no result').split('\n').slice(0, 4).join(' ');
        throw new Error(`${file.path}:${line}: Mermaid diagram does not render: ${reason}`);
      }
      replaceWith(fence, svgFigure(fence.value, result));
    });
  };
}

/** A short accessible name: the diagram's accTitle, else its kind and the labels it shows. */
export function describeDiagram(source: string): string {
  const accTitle = /^\s*accTitle:\s*(.+)$/m.exec(source)?.[1];
  if (accTitle !== undefined) return accTitle.trim();
  const kind = source.trim().split(/\s/)[0] ?? 'diagram';
  const patterns = [
    /"([^"\n]{1,48})"/g,
    /\[([^\]"\n]{1,48})\]/g,
    /^\s*participant\s+\S+\s+as\s+(.{1,48})$/gm,
  ];
  const labels = patterns
    .flatMap((pattern) => [...source.matchAll(pattern)].map((match) => (match[1] ?? '').trim()))
    .filter((label, index, all) => label !== '' && all.indexOf(label) === index)
    .slice(0, 8);
  const name = kind === 'sequenceDiagram' ? 'Sequence diagram' : 'Diagram';
  return labels.length > 0 ? `${name}: ${labels.join(', ')}` : name;
}

/**
 * Sequence diagrams are not shrunk below this share of their drawn size: their messages are
 * text, unreadable once a phone squeezes them to half. Such a figure scrolls sideways instead,
 * and takes keyboard focus so it can. (Flowcharts keep shrinking to fit: their few words stay
 * legible longer, and seeing the whole graph matters more.)
 */
const minimumScale = 0.75;

function svgFigure(source: string, rendered: RenderedDiagram): RootContent {
  const label = describeDiagram(source);
  const light = svgElement(rendered.light, label, 'diagram-light');
  const dark = svgElement(rendered.dark, label, 'diagram-dark');
  const isSequence = /^\s*sequenceDiagram\b/m.test(source);
  const wide = isSequence && [light, dark].map((svg) => keepReadable(svg)).some(Boolean);
  return wide
    ? figureNode('diagram diagram-wide', [light, dark], { tabIndex: 0, ariaLabel: label })
    : figureNode('diagram', [light, dark]);
}

/** Gives a wide SVG a minimum width; true when it may now overflow a narrow column. */
function keepReadable(svg: Element): boolean {
  const viewBox = String(svg.properties['viewBox'] ?? '').split(/[\s,]+/);
  const width = Number(viewBox[2]);
  // Narrower than this, it fits a phone's column at the minimum scale anyway.
  if (!Number.isFinite(width) || width * minimumScale <= 340) return false;
  const style = String(svg.properties['style'] ?? '');
  svg.properties['style'] =
    `${style}${style.trim().endsWith(';') || style === '' ? '' : ';'} min-width: ${Math.round(width * minimumScale)}px;`;
  return true;
}

function svgElement(svg: string, label: string, className: string): Element {
  const fragment = fromHtmlIsomorphic(svg, { fragment: true });
  const element = fragment.children.find((child): child is Element => child.type === 'element');
  if (element === undefined) throw new Error('Mermaid returned no SVG element');
  // role=img with a label is what screen readers announce well; Mermaid's own roledescription
  // ("flowchart-v2") would be read out as jargon.
  const properties = Object.fromEntries(
    Object.entries(element.properties).filter(([key]) => !/roledescription/i.test(key)),
  );
  element.properties = { ...properties, role: 'img', ariaLabel: label, className: [className] };
  return element;
}

function clientFigure(fence: Code): RootContent {
  const pre: Element = {
    type: 'element',
    tagName: 'pre',
    properties: {
      className: ['diagram-source'],
      dataDiagram: '',
      ariaLabel: describeDiagram(fence.value),
    },
    children: [{ type: 'text', value: fence.value }],
  };
  return figureNode('diagram diagram-pending', [pre]);
}

function figureNode(
  className: string,
  children: ElementContent[],
  extra: Element['properties'] = {},
): RootContent {
  const figure: Element = {
    type: 'element',
    tagName: 'figure',
    properties: { className: className.split(' '), ...extra },
    children,
  };
  return rawHtml(toHtml(figure, { allowDangerousHtml: true }));
}

/**
 * A finished piece of HTML as `<Fragment set:html>`. Handing Astro's MDX pipeline the SVG as
 * hast loses the `<style>` inside it (its static-HTML optimisation prints the collapsed style
 * as a literal attribute), so the diagrams would draw with black boxes and no arrows; as one
 * literal string it reaches the page byte for byte. Expressive-code never sees it either.
 */
function rawHtml(html: string): RootContent {
  return {
    type: 'mdxJsxFlowElement',
    name: 'Fragment',
    attributes: [{ type: 'mdxJsxAttribute', name: 'set:html', value: html }],
    children: [],
  } as unknown as RootContent;
}

function clientScript(base: string): RootContent {
  const root = base.endsWith('/') ? base : `${base}/`;
  const src = JSON.stringify(`${root}_diagrams/render-diagrams.mjs`);
  return rawHtml(`<script type="module">import(${src});</script>`);
}

function replaceWith(fence: Code, replacement: RootContent): void {
  const target = fence as unknown as Record<string, unknown>;
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, replacement);
}
