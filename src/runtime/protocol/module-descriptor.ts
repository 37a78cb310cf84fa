import type { EncodedValue } from './encoded-value';

/**
 * The shape of a client module (`ioredis`, `amqplib`, `kafkajs`) as the host has it, sent to
 * the guest once so `require()` can answer synchronously: functions become proxies, plain
 * constants (kafkajs `logLevel`, `CompressionTypes`) are copied.
 */
export type ModuleDescriptor =
  | { readonly kind: 'function' }
  | { readonly kind: 'value'; readonly value: EncodedValue }
  | { readonly kind: 'namespace'; readonly members: Readonly<Record<string, ModuleDescriptor>> };

const maxDepth = 3;

/**
 * Describes a host module. Functions (classes included) are marked for proxying; objects made
 * only of data are copied; objects holding functions are described member by member.
 */
export function describeModule(
  value: unknown,
  encode: (value: unknown) => EncodedValue,
  depth = 0,
): ModuleDescriptor {
  if (typeof value === 'function') return { kind: 'function' };
  if (typeof value !== 'object' || value === null || !holdsFunctions(value, 0)) {
    return { kind: 'value', value: encode(value) };
  }
  const members: Record<string, ModuleDescriptor> = {};
  if (depth < maxDepth) {
    for (const key of Object.keys(value)) {
      members[key] = describeModule((value as Record<string, unknown>)[key], encode, depth + 1);
    }
  }
  return { kind: 'namespace', members };
}

function holdsFunctions(value: object, depth: number): boolean {
  if (depth > maxDepth) return false;
  return Object.values(value as Record<string, unknown>).some(
    (v) =>
      typeof v === 'function' ||
      (typeof v === 'object' && v !== null && holdsFunctions(v, depth + 1)),
  );
}
