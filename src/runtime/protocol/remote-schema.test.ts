import { describe, expect, it } from 'vitest';
import type { ClientSurface } from '../../broker/core/client-surface';
import { surfacesOf } from '../../broker';
import { createRemoteSchema, deriveRemoteClasses, deriveRemoteExports } from './remote-schema';

const surface = (classes: ClientSurface['classes'], exports = {}): ClientSurface => ({
  module: 'm',
  exportNames: [],
  exports,
  classes,
});

describe('deriveRemoteClasses', () => {
  it('makes every declared method callable with its shape, and nothing else', () => {
    const derived = deriveRemoteClasses([
      surface({
        A: { realTypes: ['A'], methods: { go: 'void', make: { remote: 'A', sync: true } } },
      }),
    ]);
    expect(Object.keys(derived).sort()).toEqual(['A', 'AsyncIteratorOfHost', 'Unknown']);
    expect(derived['A']?.callable).toEqual(['go', 'make']);
    expect(derived['Unknown']?.callable).toEqual([]);
  });

  it('refuses a class declared twice, or a shape naming a class nobody declares', () => {
    const a = surface({ A: { realTypes: ['A'], methods: {} } });
    expect(() => deriveRemoteClasses([a, a])).toThrow('remote class A is declared twice');
    expect(() =>
      deriveRemoteClasses([
        surface({ A: { realTypes: ['A'], methods: { make: { remote: 'B', sync: false } } } }),
      ]),
    ).toThrow('A.make returns B, which no surface declares');
    expect(() => deriveRemoteClasses([surface({}, { default: { construct: 'Nobody' } })])).toThrow(
      'm:default returns Nobody',
    );
  });

  it('freezes the tables and the constants in them, without touching the surface', () => {
    const events = { CONNECT: 'a.connect' };
    const derived = deriveRemoteClasses([
      surface({ A: { realTypes: ['A'], methods: {}, props: { events } } }),
    ]);
    const props = derived['A']?.props as Record<string, Record<string, string>>;
    expect(Object.isFrozen(derived['A'])).toBe(true);
    expect(Object.isFrozen(props['events'])).toBe(true);
    expect(Object.isFrozen(events)).toBe(false);
    expect(() => {
      (props['events'] as Record<string, string>)['CONNECT'] = 'x';
    }).toThrow(TypeError);
  });
});

describe('the schema derived from the models', () => {
  it('covers every class and export of every surface', () => {
    const clientSurfaces = surfacesOf();
    const schema = createRemoteSchema(clientSurfaces);
    expect(schema.classes).toEqual(deriveRemoteClasses(clientSurfaces));
    expect(schema.exports).toEqual(deriveRemoteExports(clientSurfaces));
    expect(schema.exportSpec('amqplib', ['default', 'connect'])).toEqual({
      call: { remote: 'AmqpConnection', sync: false },
    });
    expect(schema.returnShape('AmqpChannel', 'publish')).toBe('true');
    expect(schema.returnShape('Kafka', 'logger')).toEqual({ remote: 'KafkaLogger', sync: true });
    expect(schema.returnShape('Kafka', 'undeclared')).toBe('promise');
    expect(schema.isCallable('Redis', 'constructor')).toBe(false);
    expect(Object.getPrototypeOf(schema.exports)).toBeNull();
  });

  it('survives the trip to a guest: the surfaces clone, and the guest derives the same schema', () => {
    const sent = structuredClone(surfacesOf());
    expect(createRemoteSchema(sent).classes).toEqual(createRemoteSchema(surfacesOf()).classes);
    expect(Object.getPrototypeOf(createRemoteSchema(sent).classes)).toBeNull();
  });
});
