/** A button the notice offers, e.g. "Undo reset". */
export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

/**
 * The one-line notice above the code ("Code reset to the original." with "Undo reset", a share
 * link to copy…). One notice at a time: showing another replaces it; × dismisses it.
 */
export class NoticeBar {
  constructor(private readonly element: HTMLElement) {}

  /** Shows `text`, then `link` in a read-only field (selected on focus), then `actions`. */
  show(text: string, actions: readonly NoticeAction[], link?: string): void {
    const notice = this.element;
    const body = document.createElement('span');
    body.className = 'eda-notice-text';
    body.textContent = text;
    notice.replaceChildren(body);
    if (link) {
      const input = document.createElement('input');
      input.type = 'text';
      input.readOnly = true;
      input.value = link;
      input.className = 'eda-share-link';
      input.ariaLabel = 'Share link';
      input.addEventListener('focus', () => input.select());
      notice.append(input);
    }
    for (const action of actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'eda-btn eda-btn-small';
      button.textContent = action.label;
      button.addEventListener('click', action.run);
      notice.append(button);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'eda-notice-close';
    close.ariaLabel = 'Dismiss';
    close.textContent = '×';
    close.addEventListener('click', () => this.hide());
    notice.append(close);
    notice.hidden = false;
  }

  /** Hides and empties the notice. */
  hide(): void {
    this.element.hidden = true;
    this.element.replaceChildren();
  }
}
