import { describe, expect, it } from 'vitest';
import { cssModule } from './monaco-css-as-js';

describe('cssModule', () => {
  it('emits a module that adds the CSS as a style element', () => {
    const code = cssModule('/m/vs/editor/a.css', '.a { color: red; content: "`${x}`"; }');
    expect(code).toContain(JSON.stringify('.a { color: red; content: "`${x}`"; }'));
    expect(code).toContain("document.createElement('style')");
    expect(code).toContain('document.head.append(style)');
  });

  it('imports relative url() assets so the bundler emits them', () => {
    const code = cssModule(
      '/m/vs/base/codicon/codicon.css',
      "@font-face { src: url('./codicon.ttf') format('truetype'); }",
    );
    expect(code).toContain('import asset0 from "/m/vs/base/codicon/codicon.ttf?url";');
    expect(code).toContain('"@font-face { src: url(\\"" + asset0 + "\\")');
    expect(code).not.toContain("'./codicon.ttf'");
  });
});
