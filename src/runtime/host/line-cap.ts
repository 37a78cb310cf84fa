/** The most characters one printed line (one console call) of a service may have. */
export const maxLineLength = 10_000;

/**
 * A line cut to {@link maxLineLength} characters in all, its note included, saying so. Sandbox
 * code can print a megabyte in one call; the console would then hold (and re-render) all of it.
 * The note fits inside the limit, so nothing further along (the frame's relay, the page's
 * check) cuts it again.
 */
export function capLine(text: string, limit = maxLineLength): string {
  if (text.length <= limit) return text;
  const note = `… [truncated: the line had ${text.length.toLocaleString('en')} characters]`;
  return `${text.slice(0, Math.max(0, limit - note.length))}${note}`;
}
