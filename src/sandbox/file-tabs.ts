/**
 * Makes a server-rendered `role="tablist"` behave as the ARIA tabs pattern: one tab in the
 * tab order, arrow keys / Home / End move and select (automatic activation, since switching
 * a file is cheap), and each tab shows its own `role="tabpanel"`.
 */
export class FileTabs {
  readonly #tabs: HTMLElement[];
  readonly #onSelect: (file: string) => void;
  #current: string;

  constructor(tablist: HTMLElement, onSelect: (file: string) => void) {
    this.#tabs = [...tablist.querySelectorAll<HTMLElement>('[role="tab"]')];
    this.#onSelect = onSelect;
    this.#current = this.#tabs.find((t) => t.ariaSelected === 'true')?.dataset['file'] ?? '';
    for (const tab of this.#tabs) {
      tab.addEventListener('click', () => this.select(tab.dataset['file'] ?? '', false));
    }
    tablist.addEventListener('keydown', (event) => this.#onKey(event));
  }

  /** The file whose tab is selected. */
  get current(): string {
    return this.#current;
  }

  /** Selects a file's tab and shows its panel; `focus` moves keyboard focus to the tab. */
  select(file: string, focus: boolean): void {
    const target = this.#tabs.find((t) => t.dataset['file'] === file);
    if (!target) return;
    for (const tab of this.#tabs) {
      const selected = tab === target;
      tab.ariaSelected = String(selected);
      tab.tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    if (focus) target.focus();
    if (file !== this.#current) {
      this.#current = file;
      this.#onSelect(file);
    }
  }

  #onKey(event: KeyboardEvent): void {
    const index = this.#tabs.findIndex((t) => t.dataset['file'] === this.#current);
    const count = this.#tabs.length;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % count
        : event.key === 'ArrowLeft'
          ? (index - 1 + count) % count
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? count - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    this.select(this.#tabs[next]?.dataset['file'] ?? '', true);
  }
}
