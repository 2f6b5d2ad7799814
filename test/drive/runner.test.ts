import { describe, expect, it } from 'vitest';
import type { Driver, Move } from '../../src/drive/driver.js';
import { LiveSession } from '../../src/drive/live-session.js';
import { runSession } from '../../src/drive/runner.js';
import type { Lang } from '../../src/playbook/types.js';
import { MemoryStore, MIN, SESSION_ID, sessionPlan, startAction, T0 } from '../helpers/session-plan.js';

/** A session started at T0 and looked at `minutes` later, by a driver that only listens and then stops. */
async function overdueNotices(lang: Lang, minutes: number): Promise<string[]> {
  const plan = sessionPlan();
  let now = T0;
  const session = new LiveSession(plan, new MemoryStore(SESSION_ID), { now: () => now }, 'alice');
  await session.act(startAction(plan));
  now = T0 + minutes * MIN;
  const heard: string[] = [];
  const driver: Driver = {
    next: (): Promise<Move> => Promise.resolve({ type: 'stop', reason: 'paused' }),
    announce: (message) => heard.push(message),
  };
  const result = await runSession(session, driver, { lang });
  expect(result).toEqual({ outcome: 'paused', refusals: [] });
  return heard;
}

describe('the run loop', () => {
  it('announces an overdue target once, in the session language', async () => {
    expect(await overdueNotices('en', 45)).toEqual(['overdue: Assessment was due at T+00:30 (now T+00:45)']);
    expect(await overdueNotices('zh', 45)).toEqual(['已超时：完成评估 应在 T+00:30 前完成（现在 T+00:45）']);
    expect(await overdueNotices('en', 10)).toEqual([]);
  });

  it('says how many steps were done since a blocked step was blocked, apart from the reason', async () => {
    const back = async (afterSteps: number, lang: 'en' | 'zh' = 'en') => {
      const plan = sessionPlan();
      const session = new LiveSession(plan, new MemoryStore(SESSION_ID), { now: () => T0 }, 'alice');
      await session.act(startAction(plan));
      const moves: Move[] = [
        { type: 'block', step: 'apology', reason: 'waiting for legal' },
        { type: 'skip', step: 'confirm', reason: 'known' },
        { type: 'skip', step: 'name-leads', reason: 'named' },
      ];
      const heard: string[] = [];
      const driver: Driver = {
        next: () => Promise.resolve(moves.shift() ?? { type: 'stop', reason: 'paused' }),
        announce: (message) => heard.push(message),
        blockedReturn: { afterSteps, nearMs: 0 },
      };
      await runSession(session, driver, { lang });
      return heard;
    };
    const said = (n: string) =>
      `blocked step back: "Decide on an apology" (blocked: waiting for legal; ${n} done since)`;
    expect(await back(1)).toEqual([said('1 step')]);
    expect(await back(2)).toEqual([said('2 steps')]);
    expect(await back(2, 'zh')).toEqual([
      '受阻步骤回到眼前：“Decide on an apology”（受阻原因：waiting for legal；此后已处理 2 个步骤）',
    ]);
  });

  it('returns every refused action in its result, and the hooks run at their points', async () => {
    const plan = sessionPlan();
    const session = new LiveSession(plan, new MemoryStore(SESSION_ID), { now: () => T0 }, 'alice');
    await session.act(startAction(plan));
    const moves: Move[] = [
      { type: 'skip', step: 'no-such-step', reason: 'x' },
      { type: 'note', text: 'hotline open' },
      { type: 'stop', reason: 'paused' },
    ];
    const seen: string[] = [];
    const driver: Driver = { next: () => Promise.resolve(moves.shift()!) };
    const result = await runSession(session, driver, {
      lang: 'en',
      hooks: {
        beforeAsk: () => Promise.resolve(void seen.push('ask')),
        onRecorded: (event) => void seen.push(`recorded ${event.type}`),
      },
    });
    expect(result.outcome).toBe('paused');
    expect(result.refusals.map((r) => [r.action.type, r.message])).toEqual([
      ['skip', expect.stringContaining('no-such-step') as string],
    ]);
    expect(seen).toEqual(['ask', 'ask', 'recorded note.added', 'ask']);
  });
});
