/**
 * A deliberately small TypeScript highlighter for showing the reader's edited code before
 * Monaco is loaded. The original code is highlighted by Shiki at build time; edited code
 * exists only in the browser, and pulling Shiki or Monaco in just to colour it would break
 * the page's JS budget. Colours come from CSS classes matching the Shiki theme's palette.
 */
const KEYWORDS = new Set(
  (
    'abstract as async await break case catch class const continue debugger declare default ' +
    'delete do else enum export extends finally for from function if implements import in ' +
    'instanceof interface let new of private protected public readonly return satisfies ' +
    'static switch throw try type typeof var void while yield'
  ).split(' '),
);
const CONSTANTS = new Set('true false null undefined this super NaN Infinity'.split(' '));

const TOKEN =
  /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|(`(?:\\[\s\S]|[^\\`])*`?|'(?:\\.|[^\\'\n])*'?|"(?:\\.|[^\\"\n])*"?)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?n?\b|\b0x[\da-f]+\b)|([A-Za-z_$][\w$]*)(\s*\()?/gi;

/**
 * Turns source text into one `<span class="line">` per line with token spans inside,
 * HTML-escaped, so line N is `lines[N - 1]` for jump-to-line.
 * @example pre.innerHTML = highlightTypeScript('const a = 1;');
 */
export function highlightTypeScript(source: string): string {
  let html = '';
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const index = match.index;
    html += escapeHtml(source.slice(last, index));
    const [text, comment, string, number, word, call] = match;
    if (comment) html += wrap('com', comment);
    else if (string) html += wrap('str', string);
    else if (number) html += wrap('num', number);
    else if (word) {
      if (KEYWORDS.has(word)) html += wrap('kw', word);
      else if (CONSTANTS.has(word)) html += wrap('const', word);
      else if (call) html += wrap('fn', word);
      else if (/^[A-Z]/.test(word)) html += wrap('type', word);
      else html += escapeHtml(word);
      if (call) html += escapeHtml(call);
    } else html += escapeHtml(text);
    last = index + text.length;
  }
  html += escapeHtml(source.slice(last));
  // Tokens may span lines (block comments, template strings): close and reopen at breaks.
  return splitLines(html);
}

function wrap(kind: string, text: string): string {
  return `<span class="tk-${kind}">${escapeHtml(text)}</span>`;
}

function splitLines(html: string): string {
  const open: string[] = [];
  const lines: string[] = [];
  let current = '';
  for (const part of html.split(/(<span class="[^"]*">|<\/span>|\n)/)) {
    if (part === '\n') {
      current += '</span>'.repeat(open.length);
      lines.push(current);
      current = open.join('');
    } else if (part.startsWith('<span')) {
      open.push(part);
      current += part;
    } else if (part === '</span>') {
      open.pop();
      current += part;
    } else current += part;
  }
  lines.push(current);
  return lines.map((line) => `<span class="line">${line}</span>`).join('\n');
}

/** Escapes text for use inside HTML elements and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
