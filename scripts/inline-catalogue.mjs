// Build step (after tsc and vendor.mjs): the message catalogue's area files are written one per area in src/ (so
// an area grows without touching a shared list), but a run needs all of one language's areas at once. Each
// language's entry module gets its areas inlined here by esbuild: dist/text/messages.js the English ones
// (./catalogue/<area>.js), dist/text/catalogue/zh/index.js the Chinese ones (./<area>.js). Everything else either
// module imports stays an import, the Chinese catalogue's dynamic import included. The area files are then removed
// from dist/: nothing imports them.
// Why: nine small modules cost ~6 ms more than their text in one (fresh process, median of 7: messages.js with
// nine area imports 8.4 ms, the same entries in one module 2.4 ms), on every command.
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEXT = path.join(ROOT, 'dist', 'text');
/** entry module -> the directory whose `<area>.js` files it takes in */
const ENTRIES = [
  [path.join(TEXT, 'messages.js'), path.join(TEXT, 'catalogue')],
  [path.join(TEXT, 'catalogue', 'zh', 'index.js'), path.join(TEXT, 'catalogue', 'zh')],
];

for (const [entry, areas] of ENTRIES) {
  const inlined = [];
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [
      {
        name: 'inline-areas',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            const target = path.resolve(args.resolveDir, args.path);
            const area = args.kind === 'import-statement' && path.dirname(target) === areas && target.endsWith('.js');
            if (!area) return { path: args.path, external: true };
            inlined.push(path.basename(target));
            return { path: target };
          });
        },
      },
    ],
  });
  if (inlined.length === 0) throw new Error(`inline-catalogue: ${path.relative(ROOT, entry)} imports no area`);
  // Nothing imports an area file any more: it would ship its text twice.
  for (const file of inlined) rmSync(path.join(areas, file));
  console.error(`catalogue: ${path.relative(ROOT, entry)} takes in ${inlined.length} areas`);
}
