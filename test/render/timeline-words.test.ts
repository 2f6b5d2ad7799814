/**
 * The timeline's words for what the tool itself records: statement channels and the reasons a session paused.
 * In Chinese they read as Chinese (官网、社交媒体; 回答文件已用完), where they showed the ids and codes.
 */
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/session/events.js';
import {
  summarizeEvent,
  timelineCsv,
  timelineMarkdown,
  timelineRows,
  timelineText,
} from '../../src/render/timeline.js';

const event = (type: string, data: Record<string, unknown>) =>
  ({
    v: 1,
    seq: 2,
    ts: '2026-01-01T09:00:00.000Z',
    session: 's',
    type,
    actor: 'alice',
    data,
    prev: '',
    hash: '',
  }) as unknown as StoredEvent;

describe('timeline words', () => {
  it('channels: the catalogue word, an unknown channel as its id; joined as the language joins a list', () => {
    const drafted = event('statement.drafted', { channels: { website: 'x', social: 'y', 'partner-portal': 'z' } });
    expect(summarizeEvent(drafted, 'zh')).toBe('已为 官网、社交媒体、partner-portal 起草声明');
    expect(summarizeEvent(drafted, 'en')).toContain('website, social, partner-portal');
  });

  it.each([
    ['answers exhausted', '已暂停（回答文件已用完）', 'paused (answers exhausted)'],
    ['operator', '已暂停（操作人暂停）', 'paused (operator)'],
    ['SIGTERM', '已暂停（SIGTERM）', 'paused (SIGTERM)'],
    ['handing over to Li', '已暂停（handing over to Li）', 'paused (handing over to Li)'],
  ])('paused for %s', (reason, zh, en) => {
    const paused = event('session.paused', { reason });
    expect(summarizeEvent(paused, 'zh')).toBe(zh);
    expect(summarizeEvent(paused, 'en')).toBe(en);
  });

  it('answers are told apart by a semicolon, for an answer may hold a comma of its own', () => {
    const done = event('step.completed', {
      facts: { 'affected-batches': 'B7, B8', 'affected-regions': 'EU online shop', 'defect-confirmed': true },
    });
    expect(summarizeEvent(done, 'en')).toBe(
      'done: affected-batches=B7, B8; affected-regions=EU online shop; defect-confirmed=yes',
    );
    expect(summarizeEvent(done, 'zh')).toBe(
      '完成：affected-batches=B7, B8；affected-regions=EU online shop；defect-confirmed=是',
    );
  });
});

describe('a choice answer by its label, as the step screen offered it', () => {
  const inputs = new Map([
    [
      'problem-type',
      {
        choices: [
          { value: 'production-defect', label: { en: 'Production defect', zh: '生产缺陷' } },
          { value: 'unclear', label: { en: 'Not yet clear' } },
        ],
      },
    ],
  ]);
  const done = (value: string) => event('step.completed', { facts: { 'problem-type': value, units: 'x' } });

  it("in the session's language; a label with no Chinese in English; a value the playbook has no label for as is", () => {
    expect(summarizeEvent(done('production-defect'), 'zh', [], undefined, inputs)).toBe(
      '完成：problem-type=生产缺陷；units=x',
    );
    expect(summarizeEvent(done('production-defect'), 'en', [], undefined, inputs)).toBe(
      'done: problem-type=Production defect; units=x',
    );
    expect(summarizeEvent(done('unclear'), 'zh', [], undefined, inputs)).toBe(
      '完成：problem-type=Not yet clear；units=x',
    );
    expect(summarizeEvent(done('gone'), 'zh', [], undefined, inputs)).toBe('完成：problem-type=gone；units=x');
    // no plan at hand: the value
    expect(summarizeEvent(done('production-defect'), 'zh')).toBe('完成：problem-type=production-defect；units=x');
    const inject = event('inject.received', { message: 'm', facts: { 'problem-type': 'production-defect' } });
    expect(summarizeEvent(inject, 'en', [], undefined, inputs)).toContain('(problem-type=Production defect)');
  });
});

describe("an event's type in words, in the screen's language", () => {
  const events = [
    { ...event('session.started', { crisis: 'widget-recall', severity: 'high', with: [] }), seq: 1 },
    { ...event('step.skipped', { reason: 'not ours' }), step: 'tf-name-leads' },
  ] as StoredEvent[];
  const rows = timelineRows(events, 'zh');

  it('the text timeline: 跳过步骤, skipped step, not step.skipped', () => {
    expect(timelineText(rows, 'zh')[1]).toBe(
      '2026-01-01 09:00:00  T+00:00  #2 跳过步骤 tf-name-leads [alice] 跳过：not ours',
    );
    expect(timelineText(timelineRows(events, 'en'), 'en')[1]).toBe(
      '2026-01-01 09:00:00  T+00:00  #2 skipped step tf-name-leads [alice] skipped: not ours',
    );
    expect(timelineText(rows, 'zh')[0]).toContain(' #1 开始会话 [alice] ');
  });

  it('the Markdown timeline too; CSV (data) and the row keep the type', () => {
    expect(timelineMarkdown(rows, 'zh').at(-1)).toContain('| 跳过步骤 | tf-name-leads |');
    expect(timelineMarkdown(rows, 'zh').join('\n')).not.toContain('step.skipped');
    expect(timelineCsv(rows)[2]).toContain(',step.skipped,');
    expect(rows[1]!.type).toBe('step.skipped');
  });
});

describe('the zone of a local time', () => {
  it.each([
    ['Asia/Shanghai', 'UTC+08:00'],
    ['UTC', 'UTC'],
    ['America/St_Johns', 'UTC-03:30'],
  ])('%s is %s', async (zone, expected) => {
    const { spawnSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    // A child with its own TZ: the zone of this process is fixed at start.
    const script = `import('${fileURLToPath(new URL('../../dist/render/time.js', import.meta.url))}').then((t) => process.stdout.write(t.formatUtcOffset(Date.UTC(2026, 11, 1))))`;
    const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: zone }, encoding: 'utf8' });
    expect(r.stdout).toBe(expected);
  });
});
