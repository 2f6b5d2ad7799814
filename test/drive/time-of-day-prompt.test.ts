/**
 * The step screen's time prompt: an operator under pressure types `11:15`, not `2026-01-01 11:15`. It was refused;
 * it is now that time today in the session's zone (the organisation's, else the machine's, passed in by the CLI),
 * and a detection time later than now is refused with the reason, before anything is recorded. The prompt says
 * both forms.
 */
import { describe, expect, it } from 'vitest';
import { InteractiveDriver } from '../../src/drive/interactive.js';
import { LiveSession } from '../../src/drive/live-session.js';
import type { Prompter } from '../../src/drive/prompter.js';
import { runSession } from '../../src/drive/runner.js';
import { compose } from '../../src/playbook/compose.js';
import type { Lang } from '../../src/playbook/types.js';
import { CRISIS, FIXTURE_FILES } from '../helpers/fixtures.js';
import { MemoryStore, T0, sessionLibrary, startAction } from '../helpers/session-plan.js';

const plain = (s: string) => s;
const style = { bold: plain, dim: plain, red: plain, yellow: plain, cyan: plain };
const BATCHES = '{ id: affected-batches, label: Affected batches, type: text, required: true }';
const DETECTED = '{ id: detected-at, label: { en: Detected at, zh: 发现时间 }, type: time, required: true }';

/**
 * widget-recall with a required detection time on its first step, at T0 (09:00 UTC: 17:00 in Shanghai), the
 * machine in London. `typed` are the operator's tries in turn; each is validated as the prompt would.
 */
async function typeTimes(typed: string[], facts: Record<string, string> = {}, lang: Lang = 'en', input = DETECTED) {
  expect(CRISIS).toContain(BATCHES);
  const files = { ...FIXTURE_FILES, 'crises/widget-recall.yaml': CRISIS.replace(BATCHES, input) };
  const { plan } = compose(sessionLibrary(files), 'widget-recall', {});
  const store = new MemoryStore('20260101-090000-widget-recall-abcd');
  const session = new LiveSession(plan!, store, { now: () => T0 }, 'alice');
  await session.act(startAction(plan!, { facts, lang }));
  const asked: string[] = [];
  const refused: string[] = [];
  const menu = ['done', 'pause'];
  const prompter: Prompter = {
    select: <T extends string>() => Promise.resolve((menu.shift() ?? 'pause') as T),
    input: (message, options) => {
      asked.push(message);
      for (const raw of typed) {
        const ok = options?.validate?.(raw) ?? true;
        if (ok === true) return Promise.resolve(raw);
        refused.push(ok);
      }
      throw new Error(`nothing typed was taken: ${refused.join('; ')}`);
    },
    confirm: (_m, d) => Promise.resolve(d ?? false),
    editor: (_m, text) => Promise.resolve(text),
  };
  await runSession(session, new InteractiveDriver(prompter, () => undefined, style), {
    lang,
    timeZone: 'Europe/London',
  });
  const completed = store.events.find((e) => e.type === 'step.completed');
  return { asked, refused, facts: (completed?.data as { facts: Record<string, unknown> } | undefined)?.facts };
}

describe('a bare HH:MM at the time prompt', () => {
  it("is today in the organisation's zone, recorded as the full local time it names", async () => {
    const { asked, refused, facts } = await typeTimes(['11:15'], { 'org-time-zone': 'Asia/Shanghai' });
    expect(asked).toEqual(['Detected at (HH:MM today, or YYYY-MM-DD HH:MM)']);
    expect(refused).toEqual([]);
    expect(facts).toEqual({ 'detected-at': '2026-01-01 11:15', 'safety-risk': false });
  });

  it("is today in the machine's zone without one, its zone made explicit: 8:05 in London is 08:05Z", async () => {
    const { facts } = await typeTimes(['8:05']);
    expect(facts).toEqual({ 'detected-at': '2026-01-01T08:05Z', 'safety-risk': false });
  });
});

describe('a detection time later than now', () => {
  it('is refused at the prompt with why and what to type; an earlier one is then taken', async () => {
    const { refused, facts } = await typeTimes(['18:00', '16:30'], { 'org-time-zone': 'Asia/Shanghai' });
    expect(refused).toEqual([
      '"18:00" is later than now (2026-01-01 17:00 in Asia/Shanghai): the time the incident was ' +
        'detected cannot be in the future. Type when it was detected: HH:MM for today, YYYY-MM-DD HH:MM for an ' +
        'earlier day',
    ]);
    expect(facts).toEqual({ 'detected-at': '2026-01-01 16:30', 'safety-risk': false });
  });

  it('is refused in Chinese at a zh prompt, whose hint names both forms', async () => {
    const { asked, refused } = await typeTimes(['9:10', '9:00'], {}, 'zh');
    expect(asked).toEqual(['发现时间（今天的填“时:分”，如 18:00；其他日期填“年-月-日 时:分”，如 2026-11-30 18:00）']);
    expect(refused).toEqual([
      '“9:10”晚于现在（Europe/London时间 2026-01-01 09:00）：发现时间不能在将来。' +
        '请填写发现事件的时间：今天的填“时:分”，更早的填“年-月-日 时:分”',
    ]);
  });
});

describe('the time hint is one aside, in the brackets of the language', () => {
  const ZH_HINT = '今天的填“时:分”，如 18:00；其他日期填“年-月-日 时:分”，如 2026-11-30 18:00';
  const OPTIONAL = '{ id: detected-at, label: { en: Detected at, zh: 发现时间 }, type: time }';
  const NOTED =
    '{ id: detected-at, label: { en: Detected at (deadlines count from it), zh: 发现时间（时限从此时起算） }, ' +
    'type: time, required: true }';

  it('an optional question: "(optional)" and the form in one pair of brackets, not two side by side', async () => {
    expect((await typeTimes(['9:00'], {}, 'zh', OPTIONAL)).asked).toEqual([`发现时间（可选；${ZH_HINT}）`]);
    expect((await typeTimes(['9:00'], {}, 'en', OPTIONAL)).asked).toEqual([
      'Detected at (optional; HH:MM today, or YYYY-MM-DD HH:MM)',
    ]);
  });

  it("a question that ends in a note of its own takes the form inside the note's brackets", async () => {
    expect((await typeTimes(['9:00'], {}, 'zh', NOTED)).asked).toEqual([`发现时间（时限从此时起算；${ZH_HINT}）`]);
    expect((await typeTimes(['9:00'], {}, 'en', NOTED)).asked).toEqual([
      'Detected at (deadlines count from it; HH:MM today, or YYYY-MM-DD HH:MM)',
    ]);
  });
});
