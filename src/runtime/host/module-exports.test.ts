import { afterAll, describe, expect, it } from 'vitest';
import { createBroker } from '../../broker';
import { ModuleExports } from './module-exports';

const broker = createBroker({ seed: 1 });
afterAll(() => broker.close());
const { ioredis, amqplib, kafkajs } = broker.modulesFor('exports');
const exports = new ModuleExports({ ioredis, amqplib, kafkajs });

describe('ModuleExports', () => {
  it('resolves the exports the module descriptor described', () => {
    expect(exports.resolve('ioredis', ['default']).value).toBe(ioredis.default);
    expect(exports.resolve('amqplib', ['default', 'connect'])).toEqual({
      parent: amqplib.default,
      value: amqplib.connect,
    });
    expect(exports.resolve('kafkajs', ['Partitioners', 'LegacyPartitioner']).value).toBe(
      kafkajs.Partitioners.LegacyPartitioner,
    );
  });

  it('refuses prototype paths, inherited names and anything not described', () => {
    const refused: [string, string[]][] = [
      ['ioredis', ['default', 'constructor']],
      ['ioredis', ['default', 'prototype', 'constructor']],
      ['ioredis', ['__proto__', 'constructor']],
      ['ioredis', ['constructor']],
      ['ioredis', ['toString']],
      ['kafkajs', ['Kafka', 'constructor']],
      ['kafkajs', ['logLevel']],
      ['kafkajs', ['default.Kafka']],
      ['amqplib', ['connect', 'call']],
      ['amqplib', ['default', 'connect', 'bind']],
    ];
    for (const [module, path] of refused) {
      expect(() => exports.resolve(module, path), path.join('.')).toThrow(
        `${[module, ...path].join('.')} is not an export of ${module} in the simulator`,
      );
    }
    for (const module of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'fs']) {
      expect(() => exports.resolve(module, [])).toThrow(`Cannot find module '${module}'`);
    }
  });
});
