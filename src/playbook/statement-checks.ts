import type { Lang } from './types.js';
import { channelSaid, say, type MessageKey, type Said } from '../text/messages.js';

/**
 * Content checks on a public statement, as a crisis-communications lead
 * reads a draft before it goes out: holes left, liability admitted before the
 * cause is known, clichés, exact counts where a range is honest, no
 * next-update time, too long for the channel, and an e-mail subject that looks
 * like phishing during a breach. Pure: `crisis validate` runs them on
 * templates, and the statement screen on a filled draft (draftFindings in
 * src/session/statement.ts). The refusal to issue a draft with holes is the
 * screen's; these are warnings.
 */

export const STATEMENT_CHECKS = [
  'statement.unfilled',
  'statement.liability',
  'statement.cliche',
  'statement.exact-count',
  'statement.next-update',
  'statement.length',
  'statement.phishing-subject',
] as const;
export type StatementCheck = (typeof STATEMENT_CHECKS)[number];

export interface StatementFinding {
  code: StatementCheck;
  /** the channel and language of the text it was found in, as ids: whoever shows the finding words them */
  channel: string;
  lang: Lang;
  /** what is wrong, without where it was found */
  said: Said;
}

/**
 * A finding as one sentence that names where it was found, worded in the reader's language when it is printed:
 * `social (Chinese): …`, `社交媒体（中文）：…`. For `crisis validate`, where a template holds both languages; the
 * statement screen shows drafts in the reader's language only and names the channel alone (statement.warning).
 */
export function findingSaid(f: StatementFinding): Said {
  const where = say('problem.statement.where', { channel: channelSaid(f.channel), lang: say(`language.${f.lang}`) });
  return say('problem.statement.finding', { where, finding: f.said });
}

export interface StatementContext {
  channel: string;
  lang: Lang;
  /** the template the text was filled from (holes intact); the text itself when checking a template */
  template?: string;
  /** true until the root cause is recorded: an admission of liability then is premature */
  beforeRootCause: boolean;
  /** a data breach: an e-mail subject must not read like the phishing that follows breaches */
  breach: boolean;
  /** the statement promises the next update (first statements and regular updates) */
  needsNextUpdate: boolean;
  /** checking a template: holes are expected, counts and lengths are not known yet */
  isTemplate?: boolean;
}

/** A platform a statement is posted to, and how it counts a post against its limit. */
export interface Platform {
  /** the name a warning gives it */
  name: MessageKey;
  /** the most a post may count */
  limit: (text: string) => number;
  /** how the platform counts a text */
  measure: (text: string) => number;
  /** why the limit matters, for the warning */
  why: MessageKey;
}

/** Code points, the way most platforms count before weighting. */
const codePoints = (text: string) => [...text].length;

/**
 * X's weighted count: code points in four ranges (Latin-1 and others up to U+10FF, general punctuation
 * U+2000-U+200D, U+2010-U+201F, U+2032-U+2037) weigh 1, every other (CJK, emoji) 2; a post may weigh 280.
 * Source: developer.x.com, "Counting characters when composing Tweets" (the twitter-text configuration).
 * Links count as 23 there; here a link counts as typed, which is never shorter than a short link for a
 * statement's own address. A default to tune.
 */
export function xLength(text: string): number {
  let n = 0;
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    const light =
      c <= 0x10ff || (c >= 0x2000 && c <= 0x200d) || (c >= 0x2010 && c <= 0x201f) || (c >= 0x2032 && c <= 0x2037);
    n += light ? 1 : 2;
  }
  return n;
}

/** The GSM 03.38 basic set: a text of only these goes as one 160-character SMS, anything else as 70 in UCS-2. */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà]*$/;

/**
 * The platforms statements are posted to, each with its limit, sourced (all defaults to tune):
 * - X: 280, weighted (see xLength).
 * - 微博 (Weibo): up to 2,000 characters a post since 2016-02-28, but only the first 140 show in the feed, the rest
 *   behind "full text" (Fortune, 2016-01-21, and Digital Trends on Weibo's CEO's announcement): a statement that
 *   must be read in the feed keeps to 140.
 * - SMS: one message carries 160 GSM-7 characters, or 70 once any character outside GSM-7 (any Chinese) is in
 *   it; longer texts are split and billed per part (Twilio and Sinch documentation on GSM-7 and UCS-2).
 */
export const PLATFORMS: Readonly<Record<string, Platform>> = {
  x: {
    name: 'problem.platform.x',
    limit: () => 280,
    measure: xLength,
    why: 'problem.platform.x.why',
  },
  weibo: {
    name: 'problem.platform.weibo',
    limit: () => 140,
    measure: codePoints,
    why: 'problem.platform.weibo.why',
  },
  sms: {
    name: 'problem.platform.sms',
    limit: (text) => (GSM7.test(text) ? 160 : 70),
    measure: codePoints,
    why: 'problem.platform.sms.why',
  },
};

/**
 * Where each statement channel is posted, per language: the social post goes to X in English and to 微博 in
 * Chinese; an SMS channel to SMS. A channel with no platform (website, e-mail, press release) has no limit.
 */
export const CHANNEL_PLATFORMS: Readonly<Record<string, Partial<Record<Lang, readonly string[]>>>> = {
  social: { en: ['x'], zh: ['weibo'] },
  sms: { en: ['sms'], zh: ['sms'] },
};

const HOLE = /\{\{\s*([a-z0-9-]+)\s*\}\}/g;
const UNFILLED = /\[([a-z0-9]+(?:-[a-z0-9]+)+)\]|\{\{[^}]*\}\}/;

const LIABILITY: Record<Lang, RegExp[]> = {
  en: [
    /\bwe take (?:full|complete|sole|total) responsibility\b/i,
    /\bwe (?:are|were) (?:fully |entirely )?(?:liable|at fault|to blame)\b/i,
    /\b(?:this|it) (?:is|was) (?:entirely |all )?our fault\b/i,
    /\bdue to our negligence\b/i,
  ],
  zh: [
    /承担(?:全部|一切|所有|全部的)(?:法律)?责任/,
    /负全责/,
    /(?:完全|全部)是我(?:们|司)的(?:过错|责任|失误)/,
    /由于我(?:们|司)的疏忽/,
  ],
};

const CLICHES: Record<Lang, RegExp[]> = {
  en: [
    /\bwe take (?:this|these|the matter|this matter|it) (?:very |extremely |incredibly )?seriously\b/i,
    /\b(?:we are|we're) taking (?:this|it) (?:very )?seriously\b/i,
    /\bthoughts and prayers\b/i,
    /\b(?:an )?isolated incident\b/i,
    /\bunfortunate incident\b/i,
  ],
  zh: [/(?:高度|非常|十分)重视/, /个别现象/, /极个别/, /深表遗憾/],
};

/** Counts of people, records or goods that are given to the unit, with no "at least" or range. */
const NUMBER = String.raw`(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d{3,})(?![\w.,-]*\d)`;
const NOUNS = 'customers|users|people|records|accounts|buyers|units|orders|products|patients';
const COUNT: Record<Lang, RegExp> = {
  en: new RegExp(String.raw`${NUMBER}\s+(?:affected\s+)?(?:${NOUNS})\b`, 'gi'),
  zh: /(?<![\d.,，])(\d{1,3}(?:,\d{3})+|\d{3,})\s*(?:名|位|人|户|条|个账户|件|台|单)/g,
};
const HEDGE: Record<Lang, RegExp> = {
  en: new RegExp(
    String.raw`\b(?:at least|about|around|approximately|roughly|up to|more than|over|fewer than|under|some|nearly|` +
      String.raw`an estimated|estimated)\s*$`,
    'i',
  ),
  zh: /(?:至少|约|大约|超过|逾|近|不足|不超过|上限|估计|多达)(?:有)?\s*$/,
};

const NEXT_UPDATE_HOLE = /\{\{\s*[a-z0-9-]*(?:next-update|update-time|update-at)[a-z0-9-]*\s*\}\}/;
const CLOCK_TIME = /\b\d{1,2}:\d{2}\b|\d{1,2}[时点](?:\d{1,2}分)?/;

const PHISHING: Record<Lang, RegExp[]> = {
  en: [
    new RegExp(
      String.raw`\b(?:urgent|act now|action required|immediate action|verify your|confirm your|password|click|` +
        String.raw`suspended|unusual activity|security alert)\b`,
      'i',
    ),
    /^(?:an? )?(?:update|important update|important information|notice|important notice)(?: from us)?\.?$/i,
  ],
  zh: [/紧急|立即验证|验证您的|账户异常|账号异常|点击|冻结|密码/, /^(?:重要通知|最新消息|通知|一则更新)$/],
};

/** The subject line of an e-mail template: its first line, after "Subject:" or "主题：". */
export function subjectLine(text: string): string | undefined {
  const first = text.split('\n', 1)[0] ?? '';
  const m = /^(?:Subject:|主题[：:])\s*(.*)$/.exec(first.trim());
  return m ? m[1]!.trim() : undefined;
}

export function checkStatement(text: string, ctx: StatementContext): StatementFinding[] {
  const out: StatementFinding[] = [];
  const add: Add = (code, key, params) =>
    out.push({ code, channel: ctx.channel, lang: ctx.lang, said: say(key, params) });
  if (!ctx.isTemplate) {
    const hole = UNFILLED.exec(text);
    if (hole) add('statement.unfilled', 'problem.statement.unfilled', { hole: hole[0] });
  }
  checkWording(text, ctx, add);
  if (ctx.needsNextUpdate && !NEXT_UPDATE_HOLE.test(ctx.template ?? text) && !CLOCK_TIME.test(text))
    add('statement.next-update', 'problem.statement.nextUpdate');
  // A template is measured without its holes: the words alone must leave room for the facts.
  const measured = ctx.isTemplate ? text.replace(HOLE, '') : text;
  for (const id of CHANNEL_PLATFORMS[ctx.channel]?.[ctx.lang] ?? []) {
    const platform = PLATFORMS[id]!;
    const count = platform.measure(measured);
    const limit = platform.limit(measured);
    if (count > limit)
      add('statement.length', ctx.isTemplate ? 'problem.statement.lengthTemplate' : 'problem.statement.length', {
        count,
        platform: say(platform.name),
        limit,
        why: say(platform.why),
      });
  }
  if (ctx.breach && ctx.channel === 'email') checkSubject(text, ctx.lang, add);
  return out;
}

type Add = (code: StatementCheck, key: MessageKey, params?: Said['params']) => void;

/** Liability before the root cause, clichés, unhedged counts. */
function checkWording(text: string, ctx: StatementContext, add: Add): void {
  if (ctx.beforeRootCause)
    for (const re of LIABILITY[ctx.lang]) {
      const m = re.exec(text);
      if (m) add('statement.liability', 'problem.statement.liability', { text: m[0] });
    }
  for (const re of CLICHES[ctx.lang]) {
    const m = re.exec(text);
    if (m) add('statement.cliche', 'problem.statement.cliche', { text: m[0] });
  }
  if (ctx.isTemplate) return;
  for (const m of text.matchAll(COUNT[ctx.lang])) {
    if (HEDGE[ctx.lang].test(text.slice(0, m.index))) continue;
    add('statement.exact-count', 'problem.statement.exactCount', { text: m[0].trim() });
  }
}

/** In a breach, an e-mail needs a plain subject that does not read like the phishing that follows. */
function checkSubject(text: string, lang: Lang, add: Add): void {
  const subject = subjectLine(text);
  if (subject === undefined) return add('statement.phishing-subject', 'problem.statement.noSubject');
  for (const re of PHISHING[lang]) {
    const m = re.exec(subject.replace(HOLE, 'X'));
    if (!m) continue;
    return add('statement.phishing-subject', 'problem.statement.phishing', { subject, match: m[0] });
  }
}
