import { describeModule, type ModuleDescriptor } from '../protocol';

/** Names that lead from an object to its prototype chain or its constructor, never an export. */
const forbiddenKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A resolved export: the function, and the object it was read from (its `this`). */
export interface ResolvedExport {
  readonly parent: unknown;
  readonly value: (...args: unknown[]) => unknown;
}

/**
 * The client module exports a sandbox may reach by name (`new ioredis.default()`,
 * `amqplib.connect()`, `createPartitioner: Partitioners.LegacyPartitioner`). The path comes
 * from the guest, so it is walked strictly: only the functions the module descriptor sent to
 * the guest, reached through own enumerable data properties, never through `__proto__`,
 * `constructor` or `prototype` (which lead to `Object` and `Function` of the host's realm).
 */
export class ModuleExports {
  private readonly described = new Set<string>();
  /** The modules by name, read once (a Map: the name is the guest's to choose). */
  private readonly roots: ReadonlyMap<string, unknown>;

  constructor(modules: Readonly<Record<string, unknown>>) {
    this.roots = new Map(Object.entries(modules));
    for (const [name, module] of this.roots) {
      // Only the shape matters here; values are encoded when the guest is sent the modules.
      this.collect(
        name,
        [],
        describeModule(module, () => null),
      );
    }
  }

  /** The export at `module:path`, or a clear error saying it is not one. */
  resolve(module: string, path: readonly string[]): ResolvedExport {
    const shown = [module, ...path].join('.');
    if (!this.roots.has(module)) throw new Error(`Cannot find module '${module}'`);
    if (path.some((key) => forbiddenKeys.has(key)) || !this.described.has(key(module, path))) {
      throw new TypeError(`${shown} is not an export of ${module} in the simulator`);
    }
    let parent: unknown;
    let value = this.roots.get(module);
    for (const name of path) {
      parent = value;
      value = ownData(value, name);
    }
    if (typeof value !== 'function') {
      throw new TypeError(`${shown} is not an export of ${module} in the simulator`);
    }
    return { parent, value: value as (...args: unknown[]) => unknown };
  }

  private collect(module: string, path: readonly string[], descriptor: ModuleDescriptor): void {
    if (descriptor.kind === 'function') this.described.add(key(module, path));
    if (descriptor.kind !== 'namespace') return;
    for (const [name, member] of Object.entries(descriptor.members)) {
      if (!forbiddenKeys.has(name)) this.collect(module, [...path, name], member);
    }
  }
}

/** Unambiguous, unlike a dotted name (`['a.b']` and `['a', 'b']` differ). */
function key(module: string, path: readonly string[]): string {
  return JSON.stringify([module, ...path]);
}

/** An own enumerable data property, or undefined (never a getter run, never an inherited one). */
function ownData(holder: unknown, name: string): unknown {
  if ((typeof holder !== 'object' && typeof holder !== 'function') || holder === null) {
    return undefined;
  }
  const property = Object.getOwnPropertyDescriptor(holder, name);
  return property?.enumerable && 'value' in property ? (property.value as unknown) : undefined;
}
