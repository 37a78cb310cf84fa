import { describe, expect, it } from 'vitest';
import { checkPercent, checkSeed } from '../../runtime/run-option-limits';
import { FieldMessage, type CheckedInput, type MessageElement } from './field-message';

/** The slice of an `<input>` FieldMessage touches, as plain data. */
function field(value: string, badInput = false, describedBy?: string) {
  const attributes = new Map<string, string>();
  if (describedBy) attributes.set('aria-describedby', describedBy);
  const input: CheckedInput & { value: string; attributes: Map<string, string> } = {
    value,
    attributes,
    validity: { badInput },
    getAttribute: (name) => attributes.get(name) ?? null,
    setAttribute: (name, text) => void attributes.set(name, text),
    removeAttribute: (name) => void attributes.delete(name),
  };
  const message: MessageElement = { id: 'seed-error', hidden: false, textContent: null };
  return { input, message, reader: new FieldMessage(input, message) };
}

describe('a number field with its reason beside it', () => {
  it('accepts a valid seed and leaves the field unmarked', () => {
    const { input, message, reader } = field('4294967295');
    expect(reader.read(checkSeed)).toBe(4294967295);
    expect(input.attributes.has('aria-invalid')).toBe(false);
    expect(message.hidden).toBe(true);
  });

  it('refuses a seed that would wrap, marks the field and names the message', () => {
    const { input, message, reader } = field('4294967296', false, 'seed-help');
    expect(reader.read(checkSeed)).toBeUndefined();
    expect(input.attributes.get('aria-invalid')).toBe('true');
    expect(input.attributes.get('aria-describedby')).toBe('seed-help seed-error');
    expect(message.hidden).toBe(false);
    expect(message.textContent).toBe(
      'The seed must be a whole number from 0 to 4294967295; 4294967296 is too large.',
    );
    input.value = '7';
    expect(reader.read(checkSeed)).toBe(7);
    expect(input.attributes.get('aria-invalid')).toBeUndefined();
    expect(input.attributes.get('aria-describedby')).toBe('seed-help');
    expect(message.hidden).toBe(true);
  });

  it('says "not a number" for letters, which a number field reports as empty', () => {
    const { message, reader } = field('', true);
    expect(reader.read(checkSeed)).toBeUndefined();
    expect(message.textContent).toBe(
      'The seed must be a whole number from 0 to 4294967295; that is not a number.',
    );
  });

  it('refuses fault chances outside 0 to 100 %', () => {
    const { message, reader, input } = field('150');
    expect(reader.read((typed) => checkPercent(typed, 'Drop chance'))).toBeUndefined();
    expect(message.textContent).toBe(
      'Drop chance must be a number from 0 to 100 %; 150 is too large.',
    );
    input.value = '-5';
    expect(reader.read((typed) => checkPercent(typed, 'Drop chance'))).toBeUndefined();
    input.value = '12.5';
    expect(reader.read((typed) => checkPercent(typed, 'Drop chance'))).toBe(12.5);
    expect(input.attributes.has('aria-describedby')).toBe(false);
  });
});
