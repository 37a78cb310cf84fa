import { defineConfig } from 'vitest/config';

// Unit tests sit next to the code they prove; conformance and browser tests have their own runners.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
