/** The most characters one printed line (one console call) of a service may have. */
export const maxLineLength = 10_000;

/**
 * A line cut to {@link maxLineLength}, saying so. Sandbox code can print a megabyte in one
 * call; the console would then hold (and re-render) all of it.
 */
export function capLine(text: string, limit = maxLineLength): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… [truncated: the line had ${text.length.toLocaleString('en')} characters]`;
}
