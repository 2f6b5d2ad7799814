/**
 * Each step's statement on a channel has its own file: the staff, partner and customer e-mails of one session are
 * three files, not one overwritten twice. A channel one step issues on keeps its plain name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/playbook/compose.js';
import type { SessionState } from '../../src/session/replay.js';
import { reconcileStatementFiles, statementNames } from '../../src/cli/statement-files.js';
import { sessionPaths } from '../../src/store/file-log.js';
import { SESSION_ID } from '../helpers/session-plan.js';
import { tempDir } from '../helpers/temp.js';

const step = (id: string, statement?: Record<string, string>) => ({ id, statement });
const plan = {
  phases: [
    {
      steps: [
        step('confirm'),
        step('notify-staff', { email: 'Staff: …' }),
        step('holding-statement', { website: 'We know.', email: 'Customers: …' }),
        step('notify-partners', { email: 'Partners: …' }),
      ],
    },
  ],
} as unknown as Plan;

const issued: SessionState['issued'] = [
  { at: 1, step: 'notify-staff', channels: { email: 'Staff: stop shipping B-7.' } },
  { at: 2, step: 'holding-statement', channels: { website: 'We know of B-7.', email: 'Customers: B-7 recalled.' } },
  { at: 3, step: 'notify-partners', channels: { email: 'Partners: hold B-7.' } },
  { at: 4, step: 'holding-statement', channels: { website: 'Update: B-7 recalled.' } },
];

describe('statement file names', () => {
  it('a channel one step issues on keeps its name; a shared one is named by channel and step', () => {
    const names = statementNames(plan, []);
    expect(names('holding-statement', 'website')).toBe('website');
    expect(names('notify-staff', 'email')).toBe('email.notify-staff');
    expect(names('holding-statement', 'email')).toBe('email.holding-statement');
  });

  it('a step the log issued on a channel, not in the plan (an earlier plan), counts too', () => {
    const names = statementNames(plan, [{ step: 'old-post', channels: { website: 'x' } }]);
    expect(names('holding-statement', 'website')).toBe('website.holding-statement');
    expect(names('old-post', 'website')).toBe('website.old-post');
  });

  it('reconcile writes one file per step and channel, each with its latest text', () => {
    const paths = sessionPaths(tempDir('crisis-stnames-'), SESSION_ID);
    const repairs = reconcileStatementFiles(paths, plan, issued);
    expect(repairs).toEqual({
      written: [
        { channel: 'email', name: 'email.notify-staff' },
        { channel: 'website', name: 'website' },
        { channel: 'email', name: 'email.holding-statement' },
        { channel: 'email', name: 'email.notify-partners' },
      ],
      rewritten: [],
      removed: [],
      failed: [],
    });
    const dir = path.join(paths.dir, 'statements');
    expect(readdirSync(dir).sort()).toEqual([
      'email.holding-statement.md',
      'email.notify-partners.md',
      'email.notify-staff.md',
      'website.md',
    ]);
    const text = (f: string) => readFileSync(path.join(dir, f), 'utf8');
    expect(text('email.notify-staff.md')).toBe('Staff: stop shipping B-7.\n');
    expect(text('email.holding-statement.md')).toBe('Customers: B-7 recalled.\n');
    expect(text('email.notify-partners.md')).toBe('Partners: hold B-7.\n');
    expect(text('website.md')).toBe('Update: B-7 recalled.\n');
    // Reconciled again: nothing to do.
    expect(reconcileStatementFiles(paths, plan, issued)).toEqual({
      written: [],
      rewritten: [],
      removed: [],
      failed: [],
    });
  });
});
