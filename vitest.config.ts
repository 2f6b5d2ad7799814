import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one temp root per run, removed at the end (tempDir() creates under it)
    globalSetup: ['test/helpers/global-setup.ts'],
    // e2e tests spawn the built CLI; a loaded CI machine needs the headroom.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Child processes and process-wide state (env, cwd) are safest in forks.
    pool: 'forks',
  },
});
