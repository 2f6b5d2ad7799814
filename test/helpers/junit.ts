import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths.js';
import { tempDir } from './temp.js';

/** The strict Ant JUnit schema, vendored with its licence (test/fixtures/junit/README.md). */
export const JUNIT_XSD = path.resolve(REPO_ROOT, 'test', 'fixtures', 'junit', 'JUnit.xsd');

const xmllintPath = (() => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter))
    if (dir && existsSync(path.join(dir, 'xmllint'))) return path.join(dir, 'xmllint');
  return undefined;
})();

/** The totals `crisis` puts on <testsuites> (read by GitLab, Jenkins, junitparser); the Ant schema predates them. */
export const ROOT_TOTALS = /^<testsuites name="[^"]*" tests="\d+" failures="\d+" errors="\d+" time="\d+\.\d{3}">$/m;

/**
 * xmllint against the unchanged vendored schema. The root's totals are the one
 * thing the Ant schema does not know: they are checked for shape, then
 * removed, and the rest must validate exactly. Fails when xmllint is missing
 * (.ci/run installs libxml2-utils).
 */
export function validateJunit(file: string): Promise<{ code: number; output: string }> {
  if (!xmllintPath) throw new Error('xmllint is not installed: apt-get install libxml2-utils');
  const xml = readFileSync(file, 'utf8');
  if (!ROOT_TOTALS.test(xml)) return Promise.resolve({ code: 1, output: `${file}: <testsuites> has no totals` });
  const bare = path.join(tempDir('crisis-junit-'), path.basename(file));
  writeFileSync(bare, xml.replace(ROOT_TOTALS, '<testsuites>'));
  return new Promise((resolve) => {
    execFile(xmllintPath, ['--noout', '--schema', JUNIT_XSD, bare], (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        output: `${stdout}${stderr}`.replaceAll(bare, file),
      });
    });
  });
}
