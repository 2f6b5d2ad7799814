/**
 * A statement file's name depends on how many steps issue on its channel: `statements/email.md` while one does,
 * `statements/email.notify-staff.md` once several do. When the playbook changed under a session (a second e-mail step
 * added), `review` and `resume` wrote the per-step file from the log and left the earlier `email.md` beside it, a
 * stale copy a reader would take for the current one. The file the tool wrote under the old name is now removed (and
 * said so); a file of the same name that holds anything else, and every other file in the folder, stays.
 */
import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, startedSession } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const STAFF = `      - id: notify-staff
        title: Tell staff
        statement: { email: "Staff: we are on it." }
`;
const PARTNERS = `      - id: notify-partners
        title: Tell partners
        statement: { email: "Partners: we are on it." }
`;
const playbook = (steps: string) => `id: mini
kind: crisis
title: Mini
phases:
  - id: p
    title: P
    steps:
${steps}      - id: wait
        title: Wait
`;

/** A session of `mini` whose answers issue notify-staff, started with the playbook `steps`; its statements folder. */
async function session(steps: string) {
  const cwd = tempDir('crisis-stale-statements-');
  writeFiles(cwd, {
    'pb/crises/mini.yaml': playbook(steps),
    'a.yaml': 'responses:\n  - { step: notify-staff, action: done }\n',
  });
  const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
  const id = await startedSession(['--playbooks', 'pb', 'start', 'mini', '--answers', 'a.yaml'], env.CRISIS_LOG_DIR, {
    cwd,
  });
  const folder = path.join(cwd, 'logs', id, 'statements');
  /** the playbook changed to `now`, then `crisis review ID` (or another command) */
  const after = (now: string, ...command: string[]) => {
    writeFileSync(path.join(cwd, 'pb/crises/mini.yaml'), playbook(now));
    return runMain(['--playbooks', 'pb', ...command.map((c) => (c === 'ID' ? id : c))], { cwd, env });
  };
  return { folder, after, files: () => readdirSync(folder).sort() };
}

describe('statement files of an earlier naming', () => {
  it('review removes the channel file it wrote once the step has its own, and nothing else', async () => {
    const s = await session(STAFF);
    expect(s.files()).toEqual(['email.md']);
    writeFileSync(path.join(s.folder, 'notes.md'), 'Staff: we are on it.\n');
    const r = await s.after(STAFF + PARTNERS, 'review', 'ID', '--no-interactive', '-o', 'r.md');
    expect(r.code, r.stderr).toBe(0);
    expect(s.files()).toEqual(['email.notify-staff.md', 'notes.md']);
    expect(readFileSync(path.join(s.folder, 'email.notify-staff.md'), 'utf8')).toBe('Staff: we are on it.\n');
    expect(r.stderr).toContain(
      'note: wrote missing statement file(s) from the log: email (statements/email.notify-staff.md)',
    );
    expect(r.stderr).toContain(
      'note: removed statement file(s) the session no longer writes under that name: email (statements/email.md)',
    );
    // Said once: a second review finds nothing to remove.
    const again = await s.after(STAFF + PARTNERS, 'review', 'ID', '--no-interactive', '-o', 'r.md');
    expect(again.stderr).not.toContain('removed statement file');
  });

  it('a channel file that holds other text (edited by hand) is left as it is', async () => {
    const s = await session(STAFF);
    writeFileSync(path.join(s.folder, 'email.md'), 'Staff: we are on it. (signed copy)\n');
    const r = await s.after(STAFF + PARTNERS, 'review', 'ID', '--no-interactive', '-o', 'r.md');
    expect(r.code, r.stderr).toBe(0);
    expect(s.files()).toEqual(['email.md', 'email.notify-staff.md']);
    expect(readFileSync(path.join(s.folder, 'email.md'), 'utf8')).toBe('Staff: we are on it. (signed copy)\n');
    expect(r.stderr).not.toContain('removed statement file');
  });

  it('resume does the same, and the other way round: a step file once one step is left on the channel', async () => {
    const s = await session(STAFF + PARTNERS);
    expect(s.files()).toEqual(['email.notify-staff.md']);
    const r = await s.after(STAFF, 'resume', 'ID', '--answers', 'a.yaml');
    expect(r.code, r.stderr).toBe(0);
    expect(s.files()).toEqual(['email.md']);
    expect(r.stderr).toContain(
      'note: removed statement file(s) the session no longer writes under that name: email (statements/email.notify-staff.md)',
    );
  });

  it('a symbolic link under the old name is not followed nor removed', async () => {
    const s = await session(STAFF);
    const outside = path.join(path.dirname(s.folder), 'outside.md');
    writeFileSync(outside, readFileSync(path.join(s.folder, 'email.md')));
    rmSync(path.join(s.folder, 'email.md'));
    symlinkSync(outside, path.join(s.folder, 'email.md'));
    const r = await s.after(STAFF + PARTNERS, 'review', 'ID', '--no-interactive', '-o', 'r.md');
    expect(r.code, r.stderr).toBe(0);
    expect(s.files()).toEqual(['email.md', 'email.notify-staff.md']);
    expect(existsSync(outside)).toBe(true);
  });
});
