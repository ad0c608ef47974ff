import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'test/**/*.test.ts', 'web/test/**/*.test.ts'],
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
