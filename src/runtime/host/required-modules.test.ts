import { describe, expect, it } from 'vitest';
import { requiredModules } from './required-modules';

const modules = { ioredis: 'redis', amqplib: 'amqp', kafkajs: 'kafka' };

describe('requiredModules', () => {
  it('hands a service only the client modules its code requires, in either quote', () => {
    expect(requiredModules(modules, `const a = require('amqplib');`)).toEqual({ amqplib: 'amqp' });
    expect(requiredModules(modules, `require("kafkajs"); require('ioredis');`)).toEqual({
      ioredis: 'redis',
      kafkajs: 'kafka',
    });
  });

  it('a service that requires nothing, or a module no model serves, gets nothing', () => {
    expect(requiredModules(modules, `console.log('ioredis'); require('other');`)).toEqual({});
  });
});
