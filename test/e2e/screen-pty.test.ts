import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { displayWidth } from '../../src/render/width.js';
import { hasTmux, openTerminal, type Terminal } from '../helpers/pty.js';
import { cleanEnv, runCli } from '../helpers/run-cli.js';
import { SESSION_FILES } from '../helpers/fixtures.js';
import { tempDir, writeFiles } from '../helpers/temp.js';
import { readLoggedEvents, type LoggedEvent } from '../helpers/log-events.js';

/**
 * The operator's screen in a real terminal (tmux), on the small sess-crisis
 * plan: every mistake can be taken back, and nothing incomplete is issued.
 * Each wait is generous (the machine running the suite may be loaded); each
 * test is bounded by its own timeout and kills its terminal.
 */

const lastLine = (t: string) => t.split('\n').at(-1) ?? '';
const lastQuestion = (t: string) => [...t.split('\n')].reverse().find((l) => l.startsWith('? ')) ?? '';

/** Helpers over one terminal: wait for a prompt, pick a menu entry by its words. */
function operator(term: Terminal) {
  const selectOpen = (question: string) => (t: string) =>
    lastLine(t).includes('⏎ select') && lastQuestion(t).startsWith(`? ${question}`);
  const inputOpen = (question: string) => (t: string) => lastLine(t).startsWith(`? ${question}`);
  return {
    /** wait until the select `question` is open, then move to the entry containing `entry` and press Enter */
    async pick(question: string, entry: string): Promise<string> {
      const t = await term.waitFor(`the choice "${question}"`, selectOpen(question));
      const menu = t
        .slice(t.lastIndexOf(`\n? ${question}`) + 1)
        .split('\n')
        .slice(1, -1);
      const at = menu.findIndex((l) => l.includes(entry));
      const cursor = menu.findIndex((l) => l.startsWith('❯'));
      if (at < 0) throw new Error(`no "${entry}" in the menu:\n${menu.join('\n')}`);
      const moves = at - cursor;
      if (moves !== 0) term.keys(...Array<string>(Math.abs(moves)).fill(moves > 0 ? 'Down' : 'Up'));
      term.keys('Enter');
      return t;
    },
    /** wait until the input `question` is open, type `text` (may be empty) and press Enter */
    async answer(question: string, text: string): Promise<string> {
      const t = await term.waitFor(`the question "${question}"`, inputOpen(question));
      if (text) term.type(text);
      term.keys('Enter');
      return t;
    },
    waitInput: (question: string) => term.waitFor(`the question "${question}"`, inputOpen(question)),
    waitSelect: (question: string) => term.waitFor(`the choice "${question}"`, selectOpen(question)),
    recorded: (seq: number, what: string) =>
      term.waitFor(`#${seq} ${what}`, (t) => t.includes(`✓ recorded #${seq} ${what}`)),
  };
}

function workspace() {
  const root = tempDir('crisis-screen-pty-');
  const logDir = path.join(root, 'logs');
  writeFiles(path.join(root, 'pb'), SESSION_FILES);
  const env = cleanEnv(tempDir('crisis-screen-pty-home-'), {
    CRISIS_LOG_DIR: logDir,
    CRISIS_PLAYBOOKS: path.join(root, 'pb'),
  });
  const events = (id: string): LoggedEvent[] => readLoggedEvents(path.join(logDir, `${id}.jsonl`));
  return { root, logDir, env, events };
}

describe.skipIf(!hasTmux)('the operator at a real terminal (sess-crisis)', () => {
  it(
    'Esc takes back a wrong Skip (the reason kept as a draft); undo reopens a step; a handed-over spokesperson ' +
      'signs the next statement; a statement with a missing fact is refused until it is filled inline',
    { timeout: 240_000 },
    async () => {
      const ws = workspace();
      const term = openTerminal({
        cwd: ws.root,
        env: ws.env,
        argv: [process.execPath, BIN, 'start', 'sess-crisis', '--operator', 'alice'],
      });
      try {
        const op = operator(term);
        const first = await op.waitSelect('What now?');
        const id = /session (\d{8}-\d{6}-sess-crisis-[0-9a-f]{4}) started/.exec(first)![1]!;
        expect(term.after('(confirm)', first)).toContain('❯ Done: record the inputs');

        // Skip picked by mistake: Esc goes back to the step menu, nothing recorded, the reason kept
        await op.pick('What now?', 'Skip (give a reason)');
        await op.waitInput('Why skip it?');
        term.type('oops');
        await term.waitFor('the typed reason', (t) => lastLine(t) === '? Why skip it? oops');
        term.keys('Escape');
        const back = await op.waitSelect('What now?');
        // the question left with Esc is erased: the menu's answer, the way back, the menu again
        expect(term.after('✔ What now? Skip (give a reason)', back).split('\n').slice(0, 3)).toEqual([
          '✔ What now? Skip (give a reason)',
          '  ← Back to the step',
          '? What now?',
        ]);
        expect(back).not.toContain('Why skip it?');
        expect(ws.events(id).map((e) => e.type)).toEqual(['session.started']);
        await op.pick('What now?', 'Skip (give a reason)');
        // the draft is on the line again, editable
        await term.waitFor('the kept draft', (t) => lastLine(t) === '? Why skip it? oops');
        term.keys('Escape');

        // the step, done after all
        await op.pick('What now?', 'Done: record the inputs');
        await op.answer('Affected batches', 'B-7');
        await op.answer('Safety risk?', '');
        await op.answer('Units sold', '');
        await op.answer('Found on', '');
        await op.pick('Where it surfaced', '(not known yet)');
        await op.recorded(2, 'completed step confirm');

        await op.pick('What now?', 'Done: record the inputs');
        await op.answer('Incident lead', 'Lee');
        await op.answer('Spokesperson', 'Ann');
        await op.recorded(3, 'completed step name-leads');

        // a step without inputs that is not a pause point: Done is one Enter, no confirmation
        await op.pick('What now?', 'Done');
        const done = await op.recorded(4, 'completed step apology');
        expect(term.after('(apology)', done)).not.toContain('(Y/n)');

        // ...and undo takes it back: a compensating step.reopened, the step on screen again
        await op.pick('What now?', 'Undo the last action');
        await op.answer('Why undo "Decide on an apology"?', 'pressed by mistake');
        await op.recorded(5, 'reopened step apology');
        await term.waitFor('the apology step again', (t) =>
          term.after('✓ recorded #5 reopened step apology', t).includes('Decide on an apology (apology)'),
        );
        await op.pick('What now?', 'Skip (give a reason)');
        await op.answer('Why skip it?', 'agreed at the drill');
        await op.recorded(6, 'skipped step apology');

        // hand the spokesperson over; the owner line and the next statement follow
        await op.pick('What now?', 'Hand a role over');
        await op.pick('Which role?', 'Spokesperson — Ann');
        await op.answer('Hand over to (name):', 'Bo Chen');
        await op.recorded(7, 'handed over role');
        await term.waitFor('the new owner', (t) =>
          term.after('✓ recorded #7 handed over role', t).includes('owner: Spokesperson — Bo Chen'),
        );
        await op.pick('What now?', 'Review and issue the statement');
        const review = await op.waitSelect('Statement');
        expect(term.after('── website ──', review)).toContain('Batches B-7 are affected. Contact: Bo Chen.');
        await op.pick('Statement', 'Accept all channels');
        await op.answer('Has Legal approved this statement?', 'y');
        await op.answer('Approved by (name):', 'Lou');
        await op.recorded(10, 'issued statement holding-statement');

        // a missing fact: no Accept until it is filled in, asked inline
        await op.pick('What now?', 'Review and issue the statement');
        const refused = await op.waitSelect('Statement');
        const menu = term.after('(quick-post)', refused);
        expect(menu).toContain('Update on B-7: [missing-fact]');
        expect(menu).toContain('not filled in yet: "missing-fact"');
        expect(menu).not.toContain('Accept all channels');
        await op.pick('Statement', 'Fill in the missing facts');
        await op.answer('Value for missing-fact:', 'the recall is under way');
        const filled = await op.waitSelect('Statement');
        expect(term.after('Value for missing-fact:', filled)).toContain('Update on B-7: the recall is under way');
        await op.pick('Statement', 'Accept all channels');
        await op.recorded(12, 'issued statement quick-post');

        await op.answer('End the session now?', '');
        await term.waitFor('the exit code', (t) => /EXIT=\d+/.test(t));
        expect(term.screen()).toContain('EXIT=0');

        const events = ws.events(id);
        expect(events.map((e) => [e.seq, e.type, e.step ?? ''])).toEqual([
          [1, 'session.started', ''],
          [2, 'step.completed', 'confirm'],
          [3, 'step.completed', 'name-leads'],
          [4, 'step.completed', 'apology'],
          [5, 'step.reopened', 'apology'],
          [6, 'step.skipped', 'apology'],
          [7, 'role.handoff', ''],
          [8, 'statement.drafted', 'holding-statement'],
          [9, 'statement.approved', 'holding-statement'],
          [10, 'statement.issued', 'holding-statement'],
          [11, 'statement.drafted', 'quick-post'],
          [12, 'statement.issued', 'quick-post'],
          [13, 'session.ended', ''],
        ]);
        expect(events[4]!.data).toEqual({ reason: 'pressed by mistake', was: 'done' });
        expect(events[6]!.data).toEqual({ role: 'spokesperson', from: 'Ann', to: 'Bo Chen', replaces: 3 });
        expect(events[9]!.data.channels).toEqual({
          website: 'Batches B-7 are affected. Contact: Bo Chen.',
          social: 'We are recalling B-7.',
        });
        expect(events[11]!.data.channels).toEqual({ social: 'Update on B-7: the recall is under way' });
        // Two steps issue on social: each has its own file.
        expect(readFileSync(path.join(ws.logDir, id, 'statements', 'social.quick-post.md'), 'utf8')).toBe(
          'Update on B-7: the recall is under way\n',
        );
        expect(readFileSync(path.join(ws.logDir, id, 'statements', 'social.holding-statement.md'), 'utf8')).toBe(
          'We are recalling B-7.\n',
        );
      } finally {
        term.kill();
      }
    },
  );
  it(
    'a step blocked at the start and due in 30 minutes comes back, announced, when it is 10 minutes from due ' +
      '(a tabletop drill, clock ×30)',
    { timeout: 240_000 },
    async () => {
      const ws = workspace();
      writeFiles(ws.root, {
        'block.yaml':
          'id: block-drill\nkind: drill\ntitle: Block drill\nplaybook: sess-crisis\noperator: trainee\n' +
          'responses: []\nexpect:\n  - completed: [confirm]\n',
      });
      const term = openTerminal({
        cwd: ws.root,
        env: ws.env,
        argv: [process.execPath, BIN, 'drill', 'block.yaml', '--interactive', '--speed', '30'],
      });
      try {
        const op = operator(term);
        await op.pick('What now?', 'Blocked');
        const shown = Date.now();
        await op.answer('What blocks it?', 'waiting for the lab');
        await op.recorded(2, 'blocked step confirm');
        // the plan moves on; the blocked step stays out of the way while it can wait
        await term.waitFor('the next step', (t) => term.after('#2 blocked step', t).includes('(name-leads)'));
        // 20 virtual minutes are 40 s here: the step is due back from then (10 minutes before T+00:30)
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, 41_000 - (Date.now() - shown))));
        await op.pick('What now?', 'Done: record the inputs');
        await op.answer('Incident lead', 'Lee');
        await op.answer('Spokesperson', '');
        await op.recorded(3, 'completed step name-leads');
        const back = await op.waitSelect('What now?');
        const after = term.after('#3 completed step name-leads', back).split('\n');
        expect(after[1]).toBe(
          '⚠ blocked step back: "Confirm the defect" is due at T+00:30 (blocked: waiting for the lab)',
        );
        expect(after.find((l) => l.endsWith('(confirm)'))).toBe('Confirm the defect (confirm)');
        expect(after.join('\n')).toContain('blocked: waiting for the lab');
        // back before it is overdue: the due line still counts down
        expect(after.find((l) => l.startsWith('owner: Quality lead'))).toMatch(
          /due T\+00:30 \(Assessment\), \d+m\d*s? left$/,
        );
        term.keys('C-c');
        await term.waitFor('the end of the drill', (t) => /EXIT=\d+/.test(t));
      } finally {
        term.kill();
      }
    },
  );
});

describe.skipIf(!hasTmux)('at 60 columns (product-quality)', () => {
  it.each([
    ['en', 'What now?'],
    ['zh', '下一步做什么？'],
  ])(
    '--lang %s: the step screen is wrapped by the tool, so the terminal folds nothing and no word is split',
    { timeout: 120_000 },
    async (lang, question) => {
      const ws = workspace();
      const term = openTerminal({
        cwd: ws.root,
        env: { ...ws.env, CRISIS_PLAYBOOKS: undefined },
        argv: [process.execPath, BIN, '--lang', lang, 'start', 'product-quality', '--operator', 'alice'],
        columns: 60,
      });
      try {
        await term.waitFor('the first step', (t) => lastLine(t).includes('⏎') && t.includes(`? ${question}`));
        // from the step's header to its question: guidance, checklist, owner and due lines
        const region = (t: string) => t.slice(t.indexOf('[1/'), t.lastIndexOf(`? ${question}`));
        const joined = region(term.screen());
        const rows = region(term.rows());
        expect(joined.length).toBeGreaterThan(200);
        expect(rows).toBe(joined);
        for (const row of rows.split('\n')) expect(displayWidth(row), row).toBeLessThanOrEqual(60);
        term.keys('C-c');
        await term.waitFor('the exit code', (t) => /EXIT=\d+/.test(t));
      } finally {
        term.kill();
      }
    },
  );
});

describe.skipIf(!hasTmux)('start at a terminal with an unfinished session of the same crisis', () => {
  it('asks Resume or Start new; Resume continues that session and creates no other', { timeout: 120_000 }, async () => {
    const ws = workspace();
    writeFiles(ws.root, {
      'pause.yaml':
        'operator: alice\nresponses:\n  - { step: confirm, action: done, inputs: { affected-batches: B-1 } }\n',
    });
    const first = await runCli(['start', 'sess-crisis', '--answers', 'pause.yaml'], { cwd: ws.root, env: ws.env });
    const id = /resume with: .* resume (\S+)/.exec(first.stdout)?.[1];
    expect(id, first.stdout + first.stderr).toBeDefined();
    const term = openTerminal({ cwd: ws.root, env: ws.env, argv: [process.execPath, BIN, 'start', 'sess-crisis'] });
    try {
      const op = operator(term);
      const asked = await op.waitSelect('Resume it, or start a new one?');
      expect(asked).toContain(`An unfinished session of sess-crisis exists: ${id} (paused, started `);
      await op.pick('Resume it, or start a new one?', `Resume ${id}`);
      await term.waitFor('the resumed session', (t) => t.includes(`resumed ${id}`) && lastLine(t).includes('⏎'));
      term.keys('C-c');
      await term.waitFor('the exit code', (t) => /EXIT=\d+/.test(t));
      expect(term.screen()).toContain('EXIT=130');
      expect(readdirSync(ws.logDir).filter((f) => f.endsWith('.jsonl'))).toEqual([`${id}.jsonl`]);
    } finally {
      term.kill();
    }
  });
});
