import { describe, expect, it } from 'vitest';
import { noticeText } from '../../src/cli/run-live.js';
import type { StoredEvent } from '../../src/session/events.js';

const event = (type: string, step?: string) =>
  ({
    seq: 2,
    type,
    actor: 'Bo Li',
    ts: '2026-01-01T09:05:00.000Z',
    ...(step ? { step } : {}),
  }) as unknown as StoredEvent;

describe('team-mode notices', () => {
  it('say who did what, in the session language', () => {
    expect(noticeText(event('step.completed', 'confirm-defect'))).toBe('Bo Li completed confirm-defect');
    expect(noticeText(event('step.completed', 'confirm-defect'), 'zh')).toBe('Bo Li 完成了 confirm-defect');
    expect(noticeText(event('note.added'))).toBe('Bo Li added a note to the session');
    expect(noticeText(event('note.added'), 'zh')).toBe('Bo Li 添加了备注于本会话');
    const handoff = { ...event('role.handoff'), data: { role: 'spokesperson', to: 'Li Na' } } as unknown as StoredEvent;
    // The role by its title in the session language, as the role menu shows it.
    const roles = [{ id: 'spokesperson', title: { en: 'Spokesperson', zh: '新闻发言人' } }];
    expect(noticeText(handoff, 'en', roles)).toBe('Bo Li handed the Spokesperson role over to Li Na');
    expect(noticeText(handoff, 'zh', roles)).toBe('Bo Li 将“新闻发言人”角色交接给 Li Na');
    // A role the plan does not have (a changed playbook) by its id.
    expect(noticeText(handoff, 'en', [])).toBe('Bo Li handed the spokesperson role over to Li Na');
    // An event without a verb of its own in words too, not its type (it showed "Bo Li: session.paused")
    expect(noticeText(event('session.paused'), 'zh')).toBe('Bo Li：暂停会话');
    expect(noticeText(event('session.paused'))).toBe('Bo Li: paused session');
    expect(noticeText(event('step.reopened', 'apology'), 'zh')).toBe('Bo Li：重新打开步骤 apology');
  });

  it('neutralise escape sequences in the actor name', () => {
    expect(noticeText({ ...event('step.skipped', 'x'), actor: 'Eve\u001b[2J' } as StoredEvent)).not.toContain('\u001b');
  });
});
