import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    // Typing tests (expectTypeOf) are checked by `tsc -p tsconfig.test.json`, not at run time.
    typecheck: { enabled: false },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
