import {
  asyncIteratorClass,
  asyncIteratorMethod,
  type ClientSurface,
  type LocalMethod,
  type RemoteClass,
  type RemoteExport,
  type ReturnShape,
} from '../../broker/core/client-surface';

export type { ClientSurface, LocalMethod, RemoteClass, RemoteExport, ReturnShape };
export { asyncIteratorClass, asyncIteratorMethod };

/**
 * A frozen lookup table without a prototype: looked up by a name the sandbox chose, a plain
 * `{}` would answer `constructor`, `toString` or `__proto__` from `Object.prototype`.
 */
function table<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}

/** A constant as sandbox code reads it: frozen all the way down, so no service can change it. */
function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFrozen(child);
    Object.freeze(value);
  }
  return value;
}

/** A class as the runtime reads it, its lookup tables made safe. */
function remoteClass(spec: RemoteClass): RemoteClass {
  return Object.freeze({
    callable: Object.freeze([...spec.callable]),
    methods: table(spec.methods),
    ...(spec.props
      ? {
          props: table(
            Object.fromEntries(
              Object.entries(spec.props).map(([k, v]) => [k, deepFrozen(structuredClone(v))]),
            ),
          ),
        }
      : {}),
    ...(spec.awaitedCallbacks
      ? { awaitedCallbacks: Object.freeze([...spec.awaitedCallbacks]) }
      : {}),
    ...(spec.remoteProps ? { remoteProps: table(spec.remoteProps) } : {}),
    ...(spec.fields ? { fields: Object.freeze([...spec.fields]) } : {}),
    ...(spec.localMethods ? { localMethods: table(spec.localMethods) } : {}),
    ...(spec.asyncIterable ? { asyncIterable: true } : {}),
  });
}

/**
 * Every class a sandbox can hold a proxy to, by name, from the models' surfaces: each declared
 * method is callable with its declared return shape, and nothing else is (`Unknown`, the class
 * of an object no export describes, has no methods). Throws on a surface that names a class
 * twice or returns a class nobody declares, so a mistake fails at load, not in a run.
 */
export function deriveRemoteClasses(
  from: readonly ClientSurface[],
): Readonly<Record<string, RemoteClass>> {
  const classes: Record<string, RemoteClass> = Object.create(null) as Record<string, RemoteClass>;
  classes['Unknown'] = remoteClass({ callable: [], methods: {} });
  // The host's own iterator behind `for await` over an `asyncIterable` object.
  classes[asyncIteratorClass] = remoteClass({
    callable: ['next', 'return'],
    methods: { next: 'promise', return: 'promise' },
  });
  for (const surface of from) {
    for (const [name, declared] of Object.entries(surface.classes)) {
      if (name in classes) throw new Error(`remote class ${name} is declared twice`);
      classes[name] = remoteClass({
        callable: Object.keys(declared.methods),
        methods: declared.methods,
        ...(declared.props ? { props: declared.props } : {}),
        ...(declared.awaitedCallbacks ? { awaitedCallbacks: declared.awaitedCallbacks } : {}),
        ...(declared.remoteProps ? { remoteProps: declared.remoteProps } : {}),
        ...(declared.fields ? { fields: declared.fields } : {}),
        ...(declared.localMethods ? { localMethods: declared.localMethods } : {}),
        ...(declared.asyncIterable ? { asyncIterable: true } : {}),
      });
    }
  }
  const propShapes = Object.entries(classes).flatMap(([name, spec]) =>
    Object.entries(spec.remoteProps ?? {}).map(
      ([prop, remote]) => [`${name}.${prop}`, { remote, sync: true }] as const,
    ),
  );
  const shapes = Object.entries(classes).flatMap(([name, spec]) =>
    Object.entries(spec.methods).map(([method, shape]) => [`${name}.${method}`, shape] as const),
  );
  const exportShapes = from.flatMap((surface) =>
    Object.entries(surface.exports).flatMap(([path, spec]) => [
      [`${surface.module}:${path}`, spec.call] as const,
      [
        `${surface.module}:${path}`,
        spec.construct && { remote: spec.construct, sync: true },
      ] as const,
    ]),
  );
  for (const [where, shape] of [...shapes, ...propShapes, ...exportShapes]) {
    if (typeof shape === 'object' && !(shape.remote in classes)) {
      throw new Error(`${where} returns ${shape.remote}, which no surface declares`);
    }
  }
  return table(classes);
}

/** What calling or constructing a module export gives, keyed `module:path.to.export`. */
export function deriveRemoteExports(
  from: readonly ClientSurface[],
): Readonly<Record<string, RemoteExport>> {
  return table(
    Object.fromEntries(
      from.flatMap((surface) =>
        Object.entries(surface.exports).map(([path, spec]) => [
          exportKey(surface.module, path.split('.')),
          Object.freeze({ ...spec }),
        ]),
      ),
    ),
  );
}

/**
 * The RPC schema of one run: what each remote class lets sandbox code call and what each call
 * returns, derived from the client surfaces of the models the run's broker hosts. The host
 * derives it from its models; the guest from the surfaces the host sends in `start` (plain
 * data), so a guest never loads a model and a model added to the broker's list is reachable
 * with no second list to keep.
 */
export interface RemoteSchema {
  readonly classes: Readonly<Record<string, RemoteClass>>;
  /** What calling or constructing a module export gives, keyed `module:path.to.export`. */
  readonly exports: Readonly<Record<string, RemoteExport>>;
  /** The shape a method returns; a method no surface declares is not callable anyway. */
  returnShape(className: string, method: string): ReturnShape;
  /** Whether sandbox code may call `method` on a remote object of `className`. */
  isCallable(className: string, method: string): boolean;
  /** What the export at `path` of `module` gives, if a surface declares it. */
  exportSpec(module: string, path: readonly string[]): RemoteExport | undefined;
  /**
   * The class of the remote object that property `name` of a `className` object holds (NATS
   * `jsm.streams`), or undefined when it holds none.
   */
  remotePropClass(className: string, name: string): string | undefined;
  /** Whether `method` is the guest opening the iterator of an `asyncIterable` object. */
  opensAsyncIterator(className: string, method: string): boolean;
}

/** The schema for `surfaces`; throws on a surface that contradicts itself (see above). */
export function createRemoteSchema(surfaces: readonly ClientSurface[]): RemoteSchema {
  const classes = deriveRemoteClasses(surfaces);
  const exports = deriveRemoteExports(surfaces);
  return Object.freeze({
    classes,
    exports,
    returnShape(className: string, method: string): ReturnShape {
      const methods = classes[className]?.methods;
      return (methods && Object.hasOwn(methods, method) ? methods[method] : undefined) ?? 'promise';
    },
    isCallable(className: string, method: string): boolean {
      return classes[className]?.callable.includes(method) ?? false;
    },
    exportSpec(module: string, path: readonly string[]): RemoteExport | undefined {
      return exports[exportKey(module, path)];
    },
    remotePropClass(className: string, name: string): string | undefined {
      const props = classes[className]?.remoteProps;
      return props && Object.hasOwn(props, name) ? props[name] : undefined;
    },
    opensAsyncIterator(className: string, method: string): boolean {
      return method === asyncIteratorMethod && classes[className]?.asyncIterable === true;
    },
  });
}

/** The key of a module export in {@link RemoteSchema.exports}. */
export function exportKey(module: string, path: readonly string[]): string {
  return `${module}:${path.join('.')}`;
}
