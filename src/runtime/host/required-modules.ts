/**
 * Only the client modules the code requires, of those the broker serves (every model's, keyed by
 * specifier): describing a module builds its model (each is built on first use), and Sucrase has
 * turned every import into `require('name')`. Reading the keys builds nothing.
 */
export function requiredModules(
  modules: Readonly<Record<string, unknown>>,
  code: string,
): Record<string, unknown> {
  const required: Record<string, unknown> = {};
  for (const name of Object.keys(modules)) {
    if (code.includes(`require('${name}')`) || code.includes(`require("${name}")`)) {
      required[name] = modules[name];
    }
  }
  return required;
}
