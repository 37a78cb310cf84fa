/**
 * Only the client modules the code requires: describing a module builds it (the Kafka model is
 * built on first use), and Sucrase has turned every import into `require('name')`.
 */
export function requiredModules(
  modules: Readonly<Record<string, unknown>>,
  code: string,
): Record<string, unknown> {
  const required: Record<string, unknown> = {};
  for (const name of ['ioredis', 'amqplib', 'kafkajs']) {
    if (code.includes(`require('${name}')`) || code.includes(`require("${name}")`)) {
      required[name] = modules[name];
    }
  }
  return required;
}
