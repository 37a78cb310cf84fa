/**
 * Calls `load` once, when the first element matching `selector` comes within a screen of the
 * viewport (or at once without IntersectionObserver). Exercises sit at the end of a lesson:
 * a reader who never scrolls there never downloads their island.
 */
export function whenNear(selector: string, load: () => Promise<unknown>): void {
  const elements = document.querySelectorAll(selector);
  if (elements.length === 0) return;
  if (typeof IntersectionObserver === 'undefined') {
    void load();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      void load();
    },
    { rootMargin: '100% 0px' },
  );
  for (const element of elements) observer.observe(element);
}
