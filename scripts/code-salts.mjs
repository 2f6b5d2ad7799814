// Build step (after commonjs.mjs, before code-cache.mjs): the playbook cache's salts (src/store/code-salt.ts), each
// a hash of the crisis version and some 40 code modules, worked out once here with the size and time of every file
// hashed, into dist/code-salts.json. A run takes a recorded salt while those files are unchanged, instead of reading
// and hashing them again (~2.5 ms for each of the two sets; bench/README.md, round nine); a module rebuilt or edited
// since has another size or time, and its salt is worked out as before. Not packed (package.json "files"), like the
// code cache: a tarball's files carry one fixed time, which no record would match.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { recordSalts } = require('../dist/store/code-salt.js');
const { SALT_SETS } = require('../dist/store/playbook-cache.js');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const at = new URL('../dist/code-salts.json', import.meta.url);
const recorded = recordSalts(version, SALT_SETS, at);
writeFileSync(fileURLToPath(at), `${JSON.stringify(recorded)}\n`);
console.error(
  `code salts: ${recorded.salts.length} sets, ${recorded.salts.reduce((n, s) => n + s.files.length, 0)} files`,
);
