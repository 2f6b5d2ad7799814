/**
 * When an issued statement's file cannot be written, the warning named the channel by its id (`警告：email 声明…`)
 * in a Chinese session, where every other statement note says 邮件. It now names it as people read it, in both
 * languages.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain, startedSession } from '../helpers/in-process.js';
import { tempDir, writeFiles } from '../helpers/temp.js';

const PLAYBOOK = `id: mini
kind: crisis
title: Mini
phases:
  - id: p
    title: P
    steps:
      - id: notify-staff
        title: Tell staff
        statement: { email: "Staff: we are on it." }
      - id: wait
        title: Wait
`;

/** A session paused before its statement, whose statements folder is a file; resumed to issue it, in `lang`. */
async function issueWithoutFolder(lang: 'en' | 'zh') {
  const cwd = tempDir('crisis-statement-file-failed-');
  writeFiles(cwd, {
    'pb/crises/mini.yaml': PLAYBOOK,
    'first.yaml': 'responses:\n  - { step: wait, action: note, text: waiting }\n',
    'then.yaml': 'responses:\n  - { step: notify-staff, action: done }\n',
  });
  const env = { CRISIS_LOG_DIR: path.join(cwd, 'logs') };
  const id = await startedSession(
    ['--playbooks', 'pb', 'start', 'mini', '--answers', 'first.yaml'],
    env.CRISIS_LOG_DIR,
    {
      cwd,
    },
  );
  mkdirSync(path.join(cwd, 'logs', id), { recursive: true });
  writeFileSync(path.join(cwd, 'logs', id, 'statements'), 'not a folder\n');
  const r = await runMain(['--lang', lang, '--playbooks', 'pb', 'resume', id, '--answers', 'then.yaml'], { cwd, env });
  expect(r.code, r.stderr).toBe(0);
  return r.stderr.split('\n').map((l) => l.trim());
}

describe('statement.fileFailed names the channel as people read it', () => {
  it('in Chinese: 邮件, not email', async () => {
    const lines = await issueWithoutFolder('zh');
    expect(lines).toContain('警告：邮件声明已记入日志，但文件未能写入（ENOTDIR）');
    expect(lines.join('\n')).not.toContain('email');
  });

  it('in English, as before', async () => {
    expect(await issueWithoutFolder('en')).toContain(
      'warning: the email statement is recorded in the log, but its file was not written (ENOTDIR)',
    );
  });
});
