// Build step: parse and validate every built-in playbook once, and write
// dist/builtin-index.json (path -> content hash, size and mtime, data). At run
// time a built-in file whose bytes still match is not parsed again, so `list`
// and `show` load neither yaml nor zod; one whose size and mtime (within 2 ms)
// are the build's is not even read or hashed. A file that changed, or has a
// problem, is simply not in the index and is parsed as usual.
// Each playbook's entry also carries its composed step count (default options)
// in the library of all indexed built-ins: `list` shows it without loading
// compose or lint when its library is exactly these files (src/cli/list.ts).
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { BUILTIN_DIR, listYamlFiles } = await import(path.join(root, 'dist/store/library-files.js'));
const { decodeSource, parseLibrarySource } = await import(path.join(root, 'dist/playbook/load.js'));
const { buildLibrary } = await import(path.join(root, 'dist/playbook/library-build.js'));
const { compose, planSteps, playbookLinks } = await import(path.join(root, 'dist/playbook/compose.js'));

const index = {};
for (const file of listYamlFiles(BUILTIN_DIR)) {
  const bytes = readFileSync(file);
  const rel = path.relative(BUILTIN_DIR, file);
  const decoded = decodeSource(bytes, rel);
  if (decoded.problem) continue;
  const parsed = parseLibrarySource(decoded.text, rel);
  if (!parsed.data || parsed.problems.length > 0) continue;
  const st = statSync(file);
  // what src/store/library-files.ts compares (sameStamp): size and mtime
  const stamp = [st.size, st.mtimeMs];
  index[rel] = { sha256: createHash('sha256').update(bytes).digest('hex'), stamp, data: parsed.data };
}
const library = buildLibrary(
  Object.entries(index).map(([rel, { data }]) => ({
    file: rel,
    source: 'built-in',
    parsed: { file: rel, data, problems: [], locate: () => undefined },
  })),
);
for (const entry of Object.values(index)) {
  if (entry.data.kind === 'duties') continue;
  // a drill's STEPS in `list` is its number of scripted responses: from here, `list` reads no drill past its head
  if (entry.data.kind === 'drill') {
    entry.steps = entry.data.responses.length;
    continue;
  }
  const plan = compose(library, entry.data.id).plan;
  entry.steps = plan ? planSteps(plan).length : 0;
}
// Each file's head (the fields every library reads of every file) in the index, the rest as JSON text in
// builtin-index.rest, read only when a command reads one of those fields (src/store/library-files.ts, lazyData).
const HEAD = new Set(['id', 'kind', 'title', 'summary']);
const files = {};
const texts = [];
let restBytes = 0;
for (const [rel, { sha256, stamp, data, steps }] of Object.entries(index)) {
  const keys = Object.keys(data);
  const head = Object.fromEntries(keys.filter((k) => HEAD.has(k)).map((k) => [k, data[k]]));
  const text = Buffer.from(
    JSON.stringify(Object.fromEntries(keys.filter((k) => !HEAD.has(k)).map((k) => [k, data[k]]))),
  );
  // The ids a playbook links to (the strategies its phases use, its review): `validate FILE` walks them to find
  // the plans that reach FILE, without parsing every built-in's phases (src/playbook/library.ts, reachesAny).
  const links = Array.isArray(data.phases) ? playbookLinks(data) : undefined;
  files[rel] = { sha256, stamp, steps, links, keys, head, rest: [restBytes, text.length] };
  texts.push(text);
  restBytes += text.length;
}
writeFileSync(path.join(root, 'dist/builtin-index.rest'), Buffer.concat(texts));
writeFileSync(path.join(root, 'dist/builtin-index.json'), JSON.stringify({ restBytes, files }));
// stderr: this runs as `prepare` inside `npm pack --json`, whose stdout must stay JSON.
console.error(`built-in index: ${Object.keys(index).length} files`);
