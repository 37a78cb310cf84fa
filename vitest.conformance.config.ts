import { defineConfig } from 'vitest/config';

// The same scenario against the simulator and the real broker (Redis 6379, RabbitMQ 5672).
export default defineConfig({
  test: {
    include: ['tests/conformance/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
