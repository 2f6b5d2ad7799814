import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file, so the suite runs from any checkout. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The launcher the package installs as `crisis`. */
export const BIN = path.join(REPO_ROOT, 'bin', 'crisis.js');
/** The built CLI (`npm run build` writes it). */
export const DIST = path.join(REPO_ROOT, 'dist');
/** The built-in playbook library. */
export const BUILTIN_PLAYBOOKS = path.join(REPO_ROOT, 'playbooks');

/** Every playbook file (.yaml) under `dir`, the JSON schemas' folder left out. */
export const yamlFiles = (dir: string = BUILTIN_PLAYBOOKS): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'schema'
        ? []
        : yamlFiles(path.join(dir, e.name))
      : e.name.endsWith('.yaml')
        ? [path.join(dir, e.name)]
        : [],
  );
