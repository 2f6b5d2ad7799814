import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * A test file that starts a process (the built CLI, tmux, a shell tool,
 * PostgreSQL) or loads the build from dist/ needs `npm run build` and time;
 * everything else is a unit test of src/. Sorted by what the file uses, so a
 * new test lands in the right project without anyone listing it.
 */
const NEEDS_PROCESS = new RegExp(
  [
    String.raw`\b(runCli|runNode|spawnCollect|distMain|runMain|openTerminal|runInPty|Tmux|CRISIS_TEST_PG_URL)\b`,
    String.raw`\bcrisis\(`,
    'node:child_process',
    String.raw`helpers/(pg|pty)\.js`,
    // test/reliability/helpers.ts starts the CLI for every suite that imports it
    String.raw`from '\./helpers\.js'`,
    // reads the build itself (test/build/vendor.test.ts: the bundles in dist/vendor/)
    String.raw`\bconst DIST\b`,
  ].join('|'),
);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(file);
    return entry.name.endsWith('.test.ts') ? [file.split(path.sep).join('/')] : [];
  });
}

const all = testFiles('test');
const processFiles = all.filter((file) => NEEDS_PROCESS.test(readFileSync(file, 'utf8')));
const unitFiles = all.filter((file) => !processFiles.includes(file));

export default defineConfig({
  test: {
    // one temp root per run, removed at the end (tempDir() creates under it)
    globalSetup: ['test/helpers/global-setup.ts'],
    // the Chinese message catalogue, which the CLI loads only for a run in Chinese (src/text/messages.ts)
    setupFiles: ['test/helpers/languages.ts'],
    // process tests spawn the built CLI; a loaded CI machine needs the headroom.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Child processes and process-wide state (env, cwd) are safest in forks.
    pool: 'forks',
    projects: [
      // `npm run test:unit`: no build, no child process, seconds.
      { extends: true, test: { name: 'unit', include: unitFiles } },
      // `npm test` runs both, after the build.
      { extends: true, test: { name: 'process', include: processFiles } },
    ],
  },
});
