/**
 * Hues (degrees) for service tags, picked to stay apart from each other and from the
 * red/amber used for errors and warnings. Lightness comes from the theme in CSS, so the
 * same hue reads well on light and dark backgrounds.
 */
const HUES = [205, 150, 275, 30, 320, 95, 240, 180] as const;

/**
 * The hue of the n-th service of a sandbox (manifest order), stable across runs.
 * @example el.style.setProperty('--eda-svc-hue', String(serviceHue(2)));
 */
export function serviceHue(index: number): number {
  return HUES[((index % HUES.length) + HUES.length) % HUES.length] ?? 205;
}
