/** One mapping segment: generated column → original line and column (all 0-based). */
export interface MapSegment {
  readonly column: number;
  readonly sourceLine: number;
  readonly sourceColumn: number;
}

/** Segments per generated line (0-based), sorted by column: a decoded source map. */
export type LineMap = readonly (readonly MapSegment[])[];

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes a source map's `mappings` (Base64 VLQ) for a single-source map, such as Sucrase
 * produces. Written here because the runtime ships to the browser and needs only this.
 *
 * @example
 * decodeMappings('AAAA;AACA')[1]; // [{ column: 0, sourceLine: 1, sourceColumn: 0 }]
 */
export function decodeMappings(mappings: string): LineMap {
  const lines: MapSegment[][] = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segments: MapSegment[] = [];
    let column = 0;
    for (const segment of lineText.split(',')) {
      if (segment === '') continue;
      const fields = decodeVlq(segment);
      column += fields[0] ?? 0;
      if (fields.length >= 4) {
        sourceLine += fields[2] ?? 0;
        sourceColumn += fields[3] ?? 0;
        segments.push({ column, sourceLine, sourceColumn });
      }
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = base64.indexOf(char);
    if (digit < 0) throw new Error(`invalid source map character "${char}"`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * Maps a 1-based generated line/column to the original, using the closest segment at or
 * before the column. Sucrase keeps lines, so without a segment the line stays and the column
 * is kept as is.
 */
export function mapPosition(
  map: LineMap,
  line: number,
  column: number,
): { readonly line: number; readonly column: number } {
  const segments = map[line - 1] ?? [];
  let best: MapSegment | undefined;
  for (const segment of segments) {
    if (segment.column <= column - 1) best = segment;
    else break;
  }
  if (!best) return { line, column };
  return { line: best.sourceLine + 1, column: best.sourceColumn + 1 + (column - 1 - best.column) };
}
