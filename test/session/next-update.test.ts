/**
 * The time of the next update, as the operator is offered it and as a
 * statement prints it: no "by by 18:00" when the operator types the word the
 * template already says, and a default promise in the session's zone that
 * statements write out in their own language.
 */
import { describe, expect, it } from 'vitest';
import { planSteps } from '../../src/playbook/compose.js';
import { joinValue } from '../../src/playbook/template.js';
import { fillTemplate } from '../../src/session/progress.js';
import { initialState, type SessionState } from '../../src/session/replay.js';
import { fillStatement, nextUpdateDefault } from '../../src/session/statement.js';
import { plan } from '../library/builtin.js';

describe('joinValue: a joining word the template says is not said again', () => {
  it.each([
    ['by ', 'by 18:00', '', '18:00'],
    ['next update by ', 'By 18:00 today', '.', '18:00 today'],
    ['no later than ', 'no later than Friday', '', 'Friday'],
    ['posted at ', 'at 18:00', '', '18:00'],
    // Another word, or the word without a space after it, stays.
    ['by ', 'before 18:00', '', 'before 18:00'],
    ['published ', 'by 18:00', '', 'by 18:00'],
    ['by ', 'bypass road', '', 'bypass road'],
    ['nearby ', 'by 18:00', '', 'by 18:00'],
    // zh: "于…前" around the hole.
    ['我们将于', '今天18:00前', '前发布', '今天18:00'],
    ['我们将于', '于今天18:00', '前发布', '今天18:00'],
    ['下次通报时间：', '今天18:00前', '。', '今天18:00前'],
    // A value ending in a full stop before the template's: one stop ("Co., Ltd.." was printed).
    ['calling from ', 'Acme Home Appliances Co., Ltd.', '. I am sorry', 'Acme Home Appliances Co., Ltd'],
    ['calling from ', 'Acme Home Appliances Co., Ltd.', ', and', 'Acme Home Appliances Co., Ltd.'],
    ['Recall plan of ', 'Acme Co., Ltd.', ': the kettle', 'Acme Co., Ltd.'],
  ])('%j + %j + %j -> %j', (before, value, after, expected) => {
    expect(joinValue(value, { before, after })).toBe(expected);
  });

  it('fillTemplate applies it per hole', () => {
    expect(fillTemplate('Next update by {{t}}. Call by {{n}}.', { t: 'by 18:00', n: 'phone' })).toBe(
      'Next update by 18:00. Call by phone.',
    );
  });
});

describe('a company name that ends in a full stop', () => {
  const p = plan('product-quality', 'high');
  const step = (id: string) => planSteps(p).find((s) => s.id === id)!;
  const facts = {
    'org-company': 'Acme Home Appliances Co., Ltd.',
    'care-offer': 'All medical costs paid',
    'care-contact': 'Wang Fang',
  };
  const state: SessionState = { ...initialState(), lastAt: Date.UTC(2026, 10, 30, 9), facts };

  it('ends the sentence once in the call script to an injured customer and in the regulator recall plan', () => {
    const script = fillStatement(p, state, step('sh-contact-injured'), 'en')['hotline']!;
    expect(script).toContain('I am calling from Acme Home Appliances Co., Ltd. I am very sorry');
    const report = fillStatement(p, state, step('regulator-report-cn-consumer-recall-plan'), 'en')['regulator']!;
    expect(report).toContain('1. Producer\nAcme Home Appliances Co., Ltd. Person responsible for the recall');
    expect(`${script}\n${report}`).not.toContain('Ltd..');
  });
});

describe('the built-in first statements never say "by by" or "前前"', () => {
  const p = plan('product-quality', 'high');
  const step = planSteps(p).find((s) => s.id === 'issue-first-statement')!;
  const state: SessionState = { ...initialState(), lastAt: Date.UTC(2026, 10, 30, 9), facts: {} };

  it('en: typed "by 18:00 today"', () => {
    const texts = fillStatement(p, state, step, 'en', { 'next-update-time': 'by 18:00 today' });
    const all = Object.values(texts).join('\n');
    expect(all).toContain('by 18:00 today');
    expect(all).not.toMatch(/\bby by\b/i);
  });

  it('zh: typed "今天18:00前"', () => {
    const texts = fillStatement(p, state, step, 'zh', { 'next-update-time': '今天18:00前' });
    const all = Object.values(texts).join('\n');
    expect(all).toContain('我们将于今天18:00前发布下一次进展');
    expect(all).not.toContain('前前');
  });
});

describe('nextUpdateDefault: the cadence from now, in the session zone', () => {
  const now = Date.UTC(2026, 10, 30, 1, 52); // 09:52 in Shanghai
  const high = plan('product-quality', 'high'); // update-every: 12h
  const critical = plan('product-quality', 'critical'); // update-every: 4h
  const input = (id: string, type: 'text' | 'time' | 'person' = 'text') => ({ id, label: 'x', type });

  it('offers now + the cadence, down to the quarter hour, as a local time', () => {
    expect(nextUpdateDefault(critical, input('next-update-time'), now, 'Asia/Shanghai')).toBe('2026-11-30 13:45');
    expect(nextUpdateDefault(high, input('mc-next-update'), now, 'Asia/Shanghai')).toBe('2026-11-30 21:45');
    expect(nextUpdateDefault(high, input('next-update-at', 'time'), now, 'UTC')).toBe('2026-11-30 13:45');
  });

  it('which the statement writes out in words', () => {
    const step = planSteps(critical).find((s) => s.id === 'issue-first-statement')!;
    const offered = nextUpdateDefault(critical, input('next-update-time'), now, 'Asia/Shanghai')!;
    const state: SessionState = { ...initialState(), lastAt: now, facts: {} };
    expect(fillStatement(critical, state, step, 'zh', { 'next-update-time': offered }).website).toContain(
      '我们将于2026年11月30日 13:45前发布下一次进展',
    );
    expect(fillStatement(critical, state, step, 'en', { 'next-update-time': offered }).website).toContain(
      'we will publish the next update by 30 November 2026, 13:45,',
    );
  });

  it('the progress update says "by" before the time it offers, on every channel that promises one', () => {
    const step = planSteps(high).find((s) => s.id === 'mc-channel-update')!;
    const offered = nextUpdateDefault(high, input('mc-next-update'), now, 'Asia/Shanghai')!;
    const state: SessionState = { ...initialState(), lastAt: now, facts: {} };
    const en = fillStatement(high, state, step, 'en', { 'mc-next-update': offered });
    expect(en.website).toContain('Our next update will be published by 30 November 2026, 21:45.');
    expect(en.hotline).toContain('We will publish our next update by 30 November 2026, 21:45.');
    expect(en.email).toContain('We will write again by 30 November 2026, 21:45.');
    // Typed with the word, it is said once.
    const typed = fillStatement(high, state, step, 'en', { 'mc-next-update': 'by 18:00 tomorrow' });
    expect(typed.website).toContain('Our next update will be published by 18:00 tomorrow.');
    expect(Object.values(typed).join('\n')).not.toMatch(/\bby by\b/);
  });

  it('offers nothing for other inputs', () => {
    expect(nextUpdateDefault(high, input('affected-batches'), now, 'UTC')).toBeUndefined();
    expect(nextUpdateDefault(high, input('next-update-owner', 'person'), now, 'UTC')).toBeUndefined();
  });
});
