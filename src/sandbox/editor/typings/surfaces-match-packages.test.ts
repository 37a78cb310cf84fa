import { createRequire } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReturnShape } from '../../../broker/core/client-surface';
import { kafkaSurface } from '../../../broker/kafka/client-surface';
import { surfacesOf } from '../../../broker/models';

const surfaces = surfacesOf();
import { exportedType, readPackageTypings } from './package-typings-program';

const require = createRequire(import.meta.url);

const typings = readPackageTypings(surfaces.map((surface) => surface.module));
const { checker } = typings;
/** The real module's exports by name (types and values). */
const moduleExports = (module: string): Map<string, ts.Symbol> => {
  const symbol = typings.modules.get(module);
  return new Map((symbol ? checker.getExportsOfModule(symbol) : []).map((s) => [s.name, s]));
};
const typeOf = (module: string, name: string): ts.Type => {
  const type = exportedType(typings, module, name);
  if (!type) throw new Error(`${module} exports no ${name}`);
  return type;
};

/** The real package's objects, made without a connection, for the methods its typings omit. */
function realRuntimeObjects(): Record<string, object[]> {
  const Redis = require('ioredis') as new (options: object) => { disconnect(): void };
  const amqpRoot = join(process.cwd(), 'node_modules', 'amqplib', 'lib', 'channel_model.js');
  const amqp = require(amqpRoot) as Record<string, { prototype: object }>;
  const { Kafka } = require('kafkajs') as {
    Kafka: new (config: object) => Record<string, (config?: object) => object>;
  };
  const kafka = new Kafka({ brokers: ['localhost:9092'], logLevel: 0 });
  const redis = new Redis({ lazyConnect: true });
  afterAll(() => redis.disconnect());
  const made = (name: string, config?: object): object => kafka[name]?.(config) ?? {};
  return {
    Redis: [redis],
    AmqpConnection: [amqp['ChannelModel']?.prototype ?? {}],
    AmqpChannel: [amqp['Channel']?.prototype ?? {}, amqp['ConfirmChannel']?.prototype ?? {}],
    Kafka: [kafka],
    KafkaProducer: [made('producer')],
    KafkaConsumer: [made('consumer', { groupId: 'g' })],
    KafkaAdmin: [made('admin')],
    KafkaLogger: [made('logger')],
  };
}

const isThenable = (type: ts.Type): boolean => type.getProperty('then') !== undefined;

/** The names a type goes by: its own, its alias, and those of what it awaits to. */
function namesOf(type: ts.Type): string[] {
  const awaited = checker.getAwaitedType(type) ?? type;
  return [type, awaited].flatMap((t) =>
    [t.getSymbol()?.name, t.aliasSymbol?.name].filter((n): n is string => n !== undefined),
  );
}

/** Why a real signature's return disagrees with a declared shape, or undefined if it agrees. */
function disagreement(
  shape: ReturnShape,
  returned: ts.Type,
  receiver: ts.Type,
  realTypesOf: (className: string) => readonly string[],
): string | undefined {
  const promised = shape === 'promise' || (typeof shape === 'object' && !shape.sync);
  const shown = checker.typeToString(returned);
  if (isThenable(returned) !== promised) {
    return `the surface says ${promised ? 'a Promise' : 'synchronous'}, the typings return ${shown}`;
  }
  if (shape === 'this' && returned !== receiver) return `returns ${shown}, not the receiver`;
  if (shape === 'true' && !(returned.flags & ts.TypeFlags.BooleanLike)) return `returns ${shown}`;
  if (shape === 'void' && !(returned.flags & ts.TypeFlags.Void)) return `returns ${shown}`;
  if (shape === 'remover' && returned.getCallSignatures().length === 0) return `returns ${shown}`;
  if (typeof shape === 'object') {
    const expected = realTypesOf(shape.remote);
    if (!namesOf(returned).some((name) => expected.includes(name))) {
      return `returns ${shown}, not ${expected.join(' or ')}`;
    }
  }
  return undefined;
}

describe("each surface agrees with the real package's typings", () => {
  const runtime = realRuntimeObjects();
  const realTypesOf = (className: string): readonly string[] =>
    surfaces.flatMap((s) => s.classes[className]?.realTypes ?? []);

  for (const surface of surfaces) {
    it(`${surface.module}: every method exists in the real package, as synchronous as the surface says`, () => {
      const problems: string[] = [];
      for (const [className, declared] of Object.entries(surface.classes)) {
        const realTypes = declared.realTypes.map((name) => typeOf(surface.module, name));
        for (const [method, shape] of Object.entries(declared.methods)) {
          const typed = realTypes.flatMap((type) => {
            const property = type.getProperty(method);
            return property ? [{ type, property }] : [];
          });
          if (typed.length === 0) {
            // A few methods exist at run time but not in the typings (amqplib's `qos`).
            const atRuntime = (runtime[className] ?? []).some(
              (object) => typeof (object as Record<string, unknown>)[method] === 'function',
            );
            if (!atRuntime) problems.push(`${className}.${method}: not in ${surface.module}`);
            continue;
          }
          for (const { type, property } of typed) {
            const signatures = checker.getTypeOfSymbol(property).getCallSignatures();
            if (signatures.length === 0) problems.push(`${className}.${method}: not a method`);
            for (const signature of signatures) {
              const returned = checker.getReturnTypeOfSignature(signature);
              // `msg.respond()` still calls the host, but the guest answers its boolean.
              const answered = declared.localMethods?.[method] === 'hasReply' ? 'true' : shape;
              const why = disagreement(answered, returned, type, realTypesOf);
              if (why) problems.push(`${className}.${method}: ${why}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it(`${surface.module}: every constant property and export is the real package's`, () => {
      const exported = moduleExports(surface.module);
      const problems: string[] = [];
      for (const [className, declared] of Object.entries(surface.classes)) {
        for (const name of declared.realTypes) {
          if (!exported.has(name))
            problems.push(`${className}: ${surface.module} exports no ${name}`);
        }
        for (const [prop, value] of Object.entries(declared.props ?? {})) {
          const typed = declared.realTypes
            .map((name) => typeOf(surface.module, name).getProperty(prop))
            .find((symbol) => symbol !== undefined);
          if (!typed) {
            problems.push(`${className}.${prop}: not in the typings`);
            continue;
          }
          // kafkajs types its events as string literals: the typings spell each name.
          const literals = Object.fromEntries(
            checker
              .getPropertiesOfType(checker.getTypeOfSymbol(typed))
              .map((p) => [p.name, (checker.getTypeOfSymbol(p) as ts.LiteralType).value]),
          );
          expect(value, `${className}.${prop}`).toEqual(literals);
        }
      }
      for (const name of surface.exportNames) {
        if (!exported.has(name)) problems.push(`${surface.module} exports no ${name}`);
      }
      const real = require(surface.module) as Record<string, unknown>;
      for (const [name, value] of Object.entries(surface.constants ?? {})) {
        expect(value, `${surface.module}.${name}`).toEqual(real[name]);
      }
      expect(problems).toEqual([]);
    });
  }

  it("names kafkajs's own instrumentation events, as the installed package builds them", () => {
    const events = (className: string) =>
      (runtime[className]?.[0] as { events?: unknown } | undefined)?.events;
    for (const className of ['KafkaConsumer', 'KafkaProducer', 'KafkaAdmin']) {
      const declared = kafkaSurface.classes[className]?.props?.['events'];
      expect(declared, className).toBeDefined();
      expect(declared, className).toEqual(events(className));
    }
  });
});
