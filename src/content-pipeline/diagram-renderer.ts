import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMermaidRenderer, type MermaidRenderer } from 'mermaid-isomorphic';
import { quietChromiumFlags } from '../../scripts/chromium.mjs';

/** Both renderings of one diagram: the site shows the one matching its light/dark theme. */
export interface RenderedDiagram {
  readonly light: string;
  readonly dark: string;
}

/** Renders Mermaid sources to SVG at build time, or says why a source does not render. */
export interface DiagramRenderer {
  /** 'svg' when Chromium is there; 'client' when diagrams must render in the reader's browser. */
  readonly mode: 'svg' | 'client';
  render(sources: readonly string[]): Promise<Array<RenderedDiagram | Error>>;
}

const chromiumCandidates = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Where the build finds Chromium: `EDA_CHROMIUM_PATH`, else the usual Debian paths. */
export function findChromium(): string | undefined {
  const fromEnv = process.env['EDA_CHROMIUM_PATH'];
  if (fromEnv !== undefined) return fromEnv !== '' && existsSync(fromEnv) ? fromEnv : undefined;
  return chromiumCandidates.find((path) => existsSync(path));
}

const cacheDir = join(process.cwd(), 'node_modules', '.cache', 'eda-diagrams');

/**
 * The renderer for this build. A disk cache keyed by the source keeps `astro dev` fast: only
 * diagrams that changed launch Chromium again.
 */
export function createDiagramRenderer(): DiagramRenderer {
  const chromium = findChromium();
  if (chromium === undefined) {
    return { mode: 'client', render: () => Promise.resolve([]) };
  }
  let mermaid: MermaidRenderer | undefined;
  const renderTheme = async (sources: string[], theme: 'default' | 'dark') => {
    mermaid ??= createMermaidRenderer({
      launchOptions: { executablePath: chromium, args: quietChromiumFlags },
    });
    return mermaid(sources, {
      prefix: `diagram-${theme}`,
      mermaidConfig: {
        theme,
        fontFamily: 'system-ui, sans-serif',
        flowchart: { useMaxWidth: true },
        // Mermaid's default sequence spacing (150 px actors, 50 px apart) makes a five-actor
        // diagram 1,200 px wide, shrunk to unreadable text in a 630 px lesson column. Narrower
        // actors and gaps, with long messages wrapped, keep the same diagrams near 700 px.
        sequence: {
          useMaxWidth: true,
          width: 120,
          actorMargin: 30,
          boxMargin: 8,
          messageMargin: 30,
          wrap: true,
          wrapPadding: 8,
        },
        // Mermaid's dark theme puts light grey edge labels on mid grey (contrast about 3:1);
        // a near-black label background brings them above WCAG AA's 4.5:1.
        ...(theme === 'dark' ? { themeVariables: { edgeLabelBackground: '#17181c' } } : {}),
      },
    });
  };
  return {
    mode: 'svg',
    async render(sources) {
      const results: Array<RenderedDiagram | Error | undefined> = sources.map((source) =>
        readCache(source),
      );
      const missing = sources.filter((_, index) => results[index] === undefined);
      if (missing.length > 0) {
        const [light, dark] = await Promise.all([
          renderTheme(missing, 'default'),
          renderTheme(missing, 'dark'),
        ]);
        let next = 0;
        results.forEach((value, index) => {
          if (value !== undefined) return;
          const lightResult = light[next];
          const darkResult = dark[next];
          next += 1;
          if (lightResult?.status === 'fulfilled' && darkResult?.status === 'fulfilled') {
            const source = sources[index] ?? '';
            const rendered = {
              light: withStableId(
                lightResult.value.svg,
                `diagram-default-${next - 1}`,
                source,
                'l',
              ),
              dark: withStableId(darkResult.value.svg, `diagram-dark-${next - 1}`, source, 'd'),
            };
            writeCache(source, rendered);
            results[index] = rendered;
          } else {
            const reason: unknown =
              lightResult?.status === 'rejected' ? lightResult.reason : undefined;
            results[index] = reason instanceof Error ? reason : new Error(String(reason));
          }
        });
      }
      return results.map((value) => value ?? new Error('diagram was not rendered'));
    },
  };
}

/**
 * Mermaid numbers its ids per render call; a cached diagram rendered in another call could
 * collide with a fresh one on the same page, and its CSS is scoped by that id. An id derived
 * from the source is the same in every call and differs between diagrams.
 */
function withStableId(svg: string, id: string, source: string, theme: 'l' | 'd'): string {
  const stable = `dg-${createHash('sha256').update(source).digest('hex').slice(0, 10)}-${theme}`;
  return svg.replace(new RegExp(`${id}(?![0-9])`, 'g'), stable);
}

function cacheFile(source: string): string {
  const key = createHash('sha256').update('mermaid-12|v4|').update(source).digest('hex');
  return join(cacheDir, `${key}.json`);
}

function readCache(source: string): RenderedDiagram | undefined {
  try {
    return JSON.parse(readFileSync(cacheFile(source), 'utf8')) as RenderedDiagram;
  } catch {
    return undefined;
  }
}

function writeCache(source: string, rendered: RenderedDiagram): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile(source), JSON.stringify(rendered));
  } catch {
    // A cache that cannot be written only costs time on the next build.
  }
}
