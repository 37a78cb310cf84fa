/**
 * The real client packages a downloaded sandbox installs, at the versions the simulator follows:
 * the ones this project installs, whose sources the models are read from and whose typings the
 * client surfaces are held to. client-versions.test.ts fails when package.json moves on and
 * this does not. Keyed by import specifier, which is also the package name.
 */
export const clientVersions: Readonly<Record<string, string>> = {
  ioredis: '6.0.0',
  amqplib: '2.3.1',
  kafkajs: '2.2.4',
  '@nats-io/transport-node': '3.4.0',
  '@nats-io/jetstream': '3.4.0',
};

/** Runs the services' TypeScript in Node 20+ without a build step (`node --import tsx`). */
export const tsxVersion = '4.23.15';
