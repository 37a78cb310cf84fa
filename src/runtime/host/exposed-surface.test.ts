import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { createBroker, surfacesOf } from '../../broker';
import type { ClientSurface } from '../../broker/core/client-surface';
import { createRemoteSchema } from '../protocol';
import { liveRemoteObjects } from './live-remote-objects';

const surfaces: readonly ClientSurface[] = surfacesOf();
const { classes: remoteClasses, exports: remoteExports } = createRemoteSchema(surfacesOf());
const broker = createBroker({ seed: 1 });
afterAll(() => broker.close());

/**
 * Names each class of src/broker declares `private`, `protected` or `#private`: they are on
 * the prototype at run time all the same, but no caller outside the class is meant to see them.
 */
function nonPublicMembersByClass(): Map<string, Set<string>> {
  const root = join(process.cwd(), 'src', 'broker');
  const found = new Map<string, Set<string>>();
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
    (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
  );
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(join(root, file), 'utf8'), 99, true);
    const visit = (node: ts.Node): void => {
      if ((ts.isClassDeclaration(node) || ts.isClassExpression(node)) && node.name) {
        const names = found.get(node.name.text) ?? new Set<string>();
        found.set(node.name.text, names);
        for (const member of node.members) {
          const hidden =
            ts.getCombinedModifierFlags(member) &
            (ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
          if (member.name && (hidden || ts.isPrivateIdentifier(member.name))) {
            names.add(member.name.getText(source));
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/**
 * The methods a live object offers any caller: function-valued data properties on it and its
 * class chain below `Object.prototype`, less what its classes declare non-public.
 */
function publicMethods(target: object, nonPublic: Map<string, Set<string>>): Set<string> {
  const chain: object[] = [];
  for (
    let holder: object | null = target;
    holder !== null && holder !== Object.prototype;
    holder = Object.getPrototypeOf(holder) as object | null
  ) {
    chain.push(holder);
  }
  const hidden = new Set(
    chain.flatMap((holder) => {
      const constructor = Object.getOwnPropertyDescriptor(holder, 'constructor')?.value as
        { name?: string } | undefined;
      return [...(nonPublic.get(constructor?.name ?? '') ?? [])];
    }),
  );
  const methods = new Set<string>();
  for (const holder of chain) {
    for (const name of Object.getOwnPropertyNames(holder)) {
      const property = Object.getOwnPropertyDescriptor(holder, name);
      if (name === 'constructor' || hidden.has(name)) continue;
      if (property && 'value' in property && typeof property.value === 'function') {
        methods.add(name);
      }
    }
  }
  return methods;
}

describe('what the host exposes equals the derived RPC schema', () => {
  it('every public method of every simulated client is in its surface, or host-only with a reason', async () => {
    const live = await liveRemoteObjects(broker);
    const nonPublic = nonPublicMembersByClass();
    const declared = surfaces.flatMap((surface) => Object.entries(surface.classes));
    expect(Object.keys(live).sort()).toEqual(declared.map(([name]) => name).sort());
    for (const [className, surfaceClass] of declared) {
      const implemented = new Set(
        (live[className] ?? []).flatMap((target) => [...publicMethods(target, nonPublic)]),
      );
      const hostOnly = Object.keys(surfaceClass.hostOnly ?? {});
      const exposed = [...implemented].filter((name) => !hostOnly.includes(name)).sort();
      // Methods the guest answers from copied fields (NATS `msg.json()`) are exposed too.
      const callable = [
        ...new Set([
          ...(remoteClasses[className]?.callable ?? []),
          ...Object.keys(surfaceClass.localMethods ?? {}),
        ]),
      ].sort();
      expect(
        exposed.filter((name) => !callable.includes(name)),
        `${className}: implemented by the simulator, missing from its surface`,
      ).toEqual([]);
      expect(
        callable.filter((name) => !exposed.includes(name)),
        `${className}: in its surface, not implemented by the simulator`,
      ).toEqual([]);
      expect(
        hostOnly.filter((name) => !implemented.has(name)),
        `${className}: host-only, but no such method`,
      ).toEqual([]);
    }
  });

  it('every constant property a surface lists is what the simulated objects hold', async () => {
    const live = await liveRemoteObjects(broker);
    for (const surface of surfaces) {
      for (const [className, surfaceClass] of Object.entries(surface.classes)) {
        for (const [name, value] of Object.entries(surfaceClass.props ?? {})) {
          expect(remoteClasses[className]?.props?.[name], `${className}.${name}`).toEqual(value);
          for (const target of live[className] ?? []) {
            expect((target as Record<string, unknown>)[name], `${className}.${name}`).toEqual(
              value,
            );
          }
        }
      }
    }
  });

  it("every module's exports and constants are what the simulated module offers", () => {
    const modules = broker.modulesFor('exposed') as unknown as Record<
      string,
      Record<string, unknown>
    >;
    for (const surface of surfaces) {
      const module = modules[surface.module] ?? {};
      expect(
        Object.keys(module)
          .filter((name) => name !== 'default')
          .sort(),
      ).toEqual([...surface.exportNames].sort());
      for (const [name, value] of Object.entries(surface.constants ?? {})) {
        expect(module[name], `${surface.module}.${name}`).toEqual(value);
      }
      for (const path of Object.keys(surface.exports)) {
        const found = path
          .split('.')
          .reduce<unknown>((holder, key) => (holder as Record<string, unknown>)[key], module);
        expect(typeof found, `${surface.module}.${path}`).toBe('function');
        expect(remoteExports[`${surface.module}:${path}`]).toEqual(surface.exports[path]);
      }
    }
  });
});
