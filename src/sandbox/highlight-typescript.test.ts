import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightTypeScript } from './highlight-typescript';

describe('highlightTypeScript', () => {
  it('gives one .line per source line, so line N can be found for jump-to-line', () => {
    const html = highlightTypeScript('const a = 1;\n\n/* two\nlines */\nfoo(`x\ny`);');
    expect(html.split('\n')).toHaveLength(6);
    expect(html.match(/<span class="line">/g)).toHaveLength(6);
  });

  it('closes and reopens tokens that span lines', () => {
    const html = highlightTypeScript('/* a\nb */');
    expect(html).toBe(
      '<span class="line"><span class="tk-com">/* a</span></span>\n' +
        '<span class="line"><span class="tk-com">b */</span></span>',
    );
  });

  it('marks keywords, strings, numbers, calls and comments', () => {
    const html = highlightTypeScript("await redis.publish('x', 42); // done");
    expect(html).toContain('<span class="tk-kw">await</span>');
    expect(html).toContain('<span class="tk-fn">publish</span>(');
    expect(html).toContain(`<span class="tk-str">'x'</span>`);
    expect(html).toContain('<span class="tk-num">42</span>');
    expect(html).toContain('<span class="tk-com">// done</span>');
  });

  it('escapes HTML in code, so a reader cannot inject markup', () => {
    const html = highlightTypeScript('const s = "<img src=x onerror=alert(1)>"; a < b && c > d');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(html).toContain('a &lt; b &amp;&amp; c &gt; d');
  });

  it('keeps every character of the source', () => {
    const source = "import Redis from 'ioredis';\nconst x = `a${1}b`; // é\n";
    const text = highlightTypeScript(source)
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    expect(text).toBe(source);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x">&</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});
