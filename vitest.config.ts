import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    exclude: ['node_modules/**'],
    pool: 'forks',
    // a missing Chromium fails CI and is named on a desk, never skipped silently
    globalSetup: ['renderer/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
