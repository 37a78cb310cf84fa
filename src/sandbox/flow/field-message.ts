import type { Checked } from '../../runtime/run-option-limits';

/** The slice of an `<input>` a {@link FieldMessage} uses (a plain object in unit tests). */
export interface CheckedInput {
  readonly value: string;
  readonly validity: { readonly badInput: boolean };
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

/** The element that shows the reason, next to the field. */
export interface MessageElement {
  readonly id: string;
  // DOM typings allow 'until-found' too; only true and false are ever set here.
  hidden: boolean | 'until-found';
  textContent: string | null;
}

/**
 * Reads a number field through one of the run-option checks, and says beside the field why a
 * value was refused instead of silently clamping or wrapping it ("abc" used to become seed 0).
 * Accessible: the field gets `aria-invalid` and names the message in `aria-describedby`, so a
 * screen reader announces the reason with the field; the message is removed from both when the
 * value is fine again.
 */
export class FieldMessage {
  constructor(
    private readonly input: CheckedInput,
    private readonly message: MessageElement,
  ) {
    message.hidden = true;
  }

  /** The checked value, or undefined after showing why it was refused. */
  read(check: (typed: string | number) => Checked<number>): number | undefined {
    // A number field reports letters as an empty value with badInput; say "not a number".
    const checked = check(this.input.validity.badInput ? Number.NaN : this.input.value);
    if (checked.ok) {
      this.clear();
      return checked.value;
    }
    this.input.setAttribute('aria-invalid', 'true');
    this.#describedBy(true);
    this.message.textContent = checked.message;
    this.message.hidden = false;
    return undefined;
  }

  /** Back to a valid state (the field shows an accepted value again). */
  clear(): void {
    this.input.removeAttribute('aria-invalid');
    this.#describedBy(false);
    this.message.textContent = '';
    this.message.hidden = true;
  }

  #describedBy(on: boolean): void {
    const ids = (this.input.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter((id) => id !== '' && id !== this.message.id);
    if (on) ids.push(this.message.id);
    if (ids.length > 0) this.input.setAttribute('aria-describedby', ids.join(' '));
    else this.input.removeAttribute('aria-describedby');
  }
}
