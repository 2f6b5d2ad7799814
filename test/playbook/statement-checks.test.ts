import { describe, expect, it } from 'vitest';
import {
  checkStatement,
  findingSaid,
  subjectLine,
  xLength,
  type StatementContext,
} from '../../src/playbook/statement-checks.js';
import { sayIn } from '../../src/text/messages.js';

const base: StatementContext = {
  channel: 'website',
  lang: 'en',
  beforeRootCause: true,
  breach: false,
  needsNextUpdate: false,
};
const codes = (text: string, ctx: Partial<StatementContext> = {}) =>
  checkStatement(text, { ...base, ...ctx }).map((f) => f.code);

describe('statement checks on a draft', () => {
  it.each([
    ['We take full responsibility for this incident.', 'en'],
    ['We are fully liable for the damage.', 'en'],
    ['This was entirely our fault.', 'en'],
    ['对此事件我们承担全部责任。', 'zh'],
    ['本次事件完全是我们的过错。', 'zh'],
  ] as const)('flags a liability admission before the root cause: %s', (text, lang) => {
    expect(codes(text, { lang })).toEqual(['statement.liability']);
  });

  it('lets the same words through once the root cause is known', () => {
    expect(codes('We take full responsibility for this incident.', { beforeRootCause: false })).toEqual([]);
  });

  it('names the words and what to do instead', () => {
    const [f] = checkStatement('We take full responsibility.', base);
    expect(sayIn('en', findingSaid(f!))).toBe(
      'website (English): "We take full responsibility" admits liability before the root cause is known; apologise and ' +
        'commit to putting it right instead, and let legal settle the wording of fault',
    );
  });

  it('does not mistake an apology or a commitment for an admission', () => {
    expect(codes('We are sorry. We are committed to putting it right.')).toEqual([]);
    expect(codes('对此我们深表歉意，将全力做好后续处置。', { lang: 'zh' })).toEqual([]);
  });

  it.each([
    ['We take this very seriously.', 'en'],
    ["We're taking it seriously.", 'en'],
    ['This was an isolated incident.', 'en'],
    ['公司对此高度重视。', 'zh'],
    ['我们非常重视。', 'zh'],
    ['这只是个别现象。', 'zh'],
  ] as const)('flags a cliché: %s', (text, lang) => {
    expect(codes(text, { lang })).toEqual(['statement.cliche']);
  });

  it.each([
    ['Data of 4,213,906 users was copied.', 'en', 1],
    ['We have told 12800 customers.', 'en', 1],
    ['Data of at least 4.2 million users was copied.', 'en', 0],
    ['Data of at least 4,200,000 users was copied.', 'en', 0],
    ['Call 400-900-1122 or write to us.', 'en', 0],
    ['Batch 2025-11 of 300 units.', 'en', 1],
    ['约有4,213,906名用户受到影响。', 'zh', 0],
    ['共有4213906名用户受到影响。', 'zh', 1],
  ] as const)('exact counts: %s -> %s finding(s)', (text, lang, n) => {
    expect(codes(text, { lang }).filter((c) => c === 'statement.exact-count')).toHaveLength(n);
  });

  it('leaves counts alone in a template (the fact is not known yet)', () => {
    expect(codes('We have told 12800 customers.', { isTemplate: true })).toEqual([]);
  });

  it('asks for the next update time where the statement promises one', () => {
    expect(codes('We are investigating.', { needsNextUpdate: true })).toEqual(['statement.next-update']);
    expect(codes('Next update by 18:00.', { needsNextUpdate: true })).toEqual([]);
    expect(codes('下次通报时间：18时。', { lang: 'zh', needsNextUpdate: true })).toEqual([]);
    // The template's hole says when, whatever the operator typed into it.
    expect(
      codes('Next update: tomorrow morning.', {
        needsNextUpdate: true,
        template: 'Next update: {{next-update-time}}.',
      }),
    ).toEqual([]);
  });

  it('a Chinese social post goes to 微博: one that runs past the 140 characters the feed shows warns, naming 微博', () => {
    const post = `${'我们发现一个批次的产品涂层可能脱落，已全部停售。'.repeat(6)}`;
    expect([...post].length).toBeGreaterThan(140);
    const found = checkStatement(post, { ...base, channel: 'social', lang: 'zh' });
    expect(found.map((f) => f.code)).toEqual(['statement.length']);
    expect(sayIn('en', findingSaid(found[0]!))).toBe(
      `social (Chinese): ${[...post].length} characters, over Weibo (微博)'s 140 (only the first 140 characters show in the feed)`,
    );
    expect(codes(post.slice(0, 140), { channel: 'social', lang: 'zh' })).toEqual([]);
  });

  it('X weighs a Chinese character twice; SMS carries 160 GSM characters, 70 once Chinese is in it', () => {
    expect(xLength('abc')).toBe(3);
    expect(xLength('字字')).toBe(4);
    expect(xLength('“a”—b')).toBe(5);
    // An English post that quotes Chinese is counted by X's weights, not by code points.
    expect(codes(`${'a'.repeat(250)}${'字'.repeat(20)}`, { channel: 'social' })).toEqual(['statement.length']);
    expect(codes('a'.repeat(160), { channel: 'sms' })).toEqual([]);
    expect(codes('a'.repeat(161), { channel: 'sms' })).toEqual(['statement.length']);
    expect(codes(`${'a'.repeat(69)}字`, { channel: 'sms' })).toEqual([]);
    expect(codes(`${'a'.repeat(70)}字`, { channel: 'sms' })).toEqual(['statement.length']);
    expect(codes('字'.repeat(71), { channel: 'sms', lang: 'zh' })).toEqual(['statement.length']);
  });

  it('measures social posts against the channel limit (280 en, 140 zh), templates without their holes', () => {
    expect(codes('a'.repeat(281), { channel: 'social' })).toEqual(['statement.length']);
    expect(codes('a'.repeat(280), { channel: 'social' })).toEqual([]);
    expect(codes('字'.repeat(141), { channel: 'social', lang: 'zh' })).toEqual(['statement.length']);
    expect(codes(`${'a'.repeat(200)}{{key-message}}`, { channel: 'social', isTemplate: true })).toEqual([]);
    expect(codes('a'.repeat(5000), { channel: 'website' })).toEqual([]);
  });

  it.each([
    ['Subject: An update from us', 1],
    ['Subject: Urgent: verify your account now', 1],
    ['Subject: Action required', 1],
    ['Subject: Acme Shop data incident: what happened and what we are doing', 0],
    ['主题：紧急：请立即验证您的账户', 1],
    ['主题：重要通知', 1],
    ['主题：关于某某商城数据安全事件的说明', 0],
  ] as const)('in a breach, flags a phishing-like e-mail subject: %s', (first, n) => {
    const lang = first.startsWith('主题') ? 'zh' : 'en';
    const found = codes(`${first}\n\nDear customer,`, { channel: 'email', breach: true, lang });
    expect(found.filter((c) => c === 'statement.phishing-subject')).toHaveLength(n);
  });

  it('does not judge subjects outside a breach, or other channels', () => {
    expect(codes('Subject: An update from us', { channel: 'email' })).toEqual([]);
    expect(codes('Subject: An update from us', { channel: 'website', breach: true })).toEqual([]);
  });

  it('flags holes left unfilled in a draft, not in a template', () => {
    expect(codes('Call [hotline-number] now.')).toEqual(['statement.unfilled']);
    expect(codes('Call {{hotline-number}} now.')).toEqual(['statement.unfilled']);
    expect(codes('Call {{hotline-number}} now.', { isTemplate: true })).toEqual([]);
  });

  it('reads the subject line of an e-mail', () => {
    expect(subjectLine('Subject: Hello\n\nBody')).toBe('Hello');
    expect(subjectLine('主题：你好\n正文')).toBe('你好');
    expect(subjectLine('Dear customer')).toBeUndefined();
  });
});
