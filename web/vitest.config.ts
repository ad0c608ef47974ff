import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Runs only the explorer's browser tests: `npx vitest run --config web/vitest.config.ts`.
// The root config includes the same files ('web/test/**/*.test.ts') for `npm test`.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['web/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
