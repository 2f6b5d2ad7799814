import type { Lang } from './types.js';

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
  /** English, as `crisis validate` prints it */
  message: string;
  /** the same in each language, for the statement screen (which speaks the session's language) */
  text: Record<Lang, string>;
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
  name: Record<Lang, string>;
  /** the most a post may count */
  limit: (text: string) => number;
  /** how the platform counts a text */
  measure: (text: string) => number;
  /** why the limit matters, for the warning */
  why: Record<Lang, string>;
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
    name: { en: 'X', zh: 'X' },
    limit: () => 280,
    measure: xLength,
    why: { en: 'Chinese characters count twice', zh: '中文字符按2个计' },
  },
  weibo: {
    name: { en: 'Weibo (微博)', zh: '微博' },
    limit: () => 140,
    measure: codePoints,
    why: { en: 'only the first 140 characters show in the feed', zh: '信息流中只显示前140字' },
  },
  sms: {
    name: { en: 'SMS', zh: '短信' },
    limit: (text) => (GSM7.test(text) ? 160 : 70),
    measure: codePoints,
    why: { en: 'a longer text is split into several messages', zh: '超出部分会被拆成多条短信' },
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
  const where = { en: `${ctx.channel} (${ctx.lang})`, zh: `${ctx.channel}（${ctx.lang}）` };
  const add: Add = (code, en, zh) => out.push({ code, message: en, text: { en, zh } });
  if (!ctx.isTemplate) {
    const hole = UNFILLED.exec(text);
    if (hole)
      add('statement.unfilled', `${where.en}: "${hole[0]}" is not filled in`, `${where.zh}：“${hole[0]}”尚未填写`);
  }
  checkWording(text, ctx, where, add);
  if (ctx.needsNextUpdate && !NEXT_UPDATE_HOLE.test(ctx.template ?? text) && !CLOCK_TIME.test(text))
    add(
      'statement.next-update',
      `${where.en}: no time for the next update; say when people will hear from you again`,
      `${where.zh}：没有写明下次通报的时间；请写明大家何时会再听到你们的消息`,
    );
  // A template is measured without its holes: the words alone must leave room for the facts.
  const measured = ctx.isTemplate ? text.replace(HOLE, '') : text;
  for (const id of CHANNEL_PLATFORMS[ctx.channel]?.[ctx.lang] ?? []) {
    const platform = PLATFORMS[id]!;
    const count = platform.measure(measured);
    const limit = platform.limit(measured);
    if (count > limit)
      add(
        'statement.length',
        `${where.en}: ${count} characters${ctx.isTemplate ? ' before the facts are filled in' : ''}, ` +
          `over ${platform.name.en}'s ${limit} (${platform.why.en})`,
        `${where.zh}：${count}个字符${ctx.isTemplate ? '（尚未填入事实）' : ''}，` +
          `超过${platform.name.zh}的${limit}个字符上限（${platform.why.zh}）`,
      );
  }
  if (ctx.breach && ctx.channel === 'email') checkSubject(text, ctx.lang, where, add);
  return out;
}

type Add = (code: StatementCheck, en: string, zh: string) => void;
type Where = Record<Lang, string>;

/** Liability before the root cause, clichés, unhedged counts. */
function checkWording(text: string, ctx: StatementContext, where: Where, add: Add): void {
  if (ctx.beforeRootCause)
    for (const re of LIABILITY[ctx.lang]) {
      const m = re.exec(text);
      if (m)
        add(
          'statement.liability',
          `${where.en}: "${m[0]}" admits liability before the root cause is known; apologise and commit to ` +
            'putting it right instead, and let legal settle the wording of fault',
          `${where.zh}：“${m[0]}”在根本原因查明之前承认了责任；请改为致歉并承诺妥善处理，责任措辞交由法务确定`,
        );
    }
  for (const re of CLICHES[ctx.lang]) {
    const m = re.exec(text);
    if (m)
      add(
        'statement.cliche',
        `${where.en}: "${m[0]}" is a cliché; say what you are doing instead`,
        `${where.zh}：“${m[0]}”是套话；请直接说明正在做什么`,
      );
  }
  if (ctx.isTemplate) return;
  for (const m of text.matchAll(COUNT[ctx.lang])) {
    if (HEDGE[ctx.lang].test(text.slice(0, m.index))) continue;
    add(
      'statement.exact-count',
      `${where.en}: "${m[0].trim()}" states an exact count; early figures change, so say "at least" or give a range`,
      `${where.zh}：“${m[0].trim()}”是精确数字；早期数字会变化，请写“至少”或给出范围`,
    );
  }
}

/** In a breach, an e-mail needs a plain subject that does not read like the phishing that follows. */
function checkSubject(text: string, lang: Lang, where: Where, add: Add): void {
  const subject = subjectLine(text);
  if (subject === undefined)
    return add(
      'statement.phishing-subject',
      `${where.en}: no "Subject:" line; a breach notice needs a plain subject`,
      `${where.zh}：没有“主题：”一行；数据泄露通知需要一个平实的主题`,
    );
  for (const re of PHISHING[lang]) {
    const m = re.exec(subject.replace(HOLE, 'X'));
    if (!m) continue;
    return add(
      'statement.phishing-subject',
      `${where.en}: subject "${subject}" reads like phishing during a breach ("${m[0]}"); name the company ` +
        'and the incident plainly, with no urgency and nothing to click',
      `${where.zh}：主题“${subject}”在数据泄露期间读起来像钓鱼邮件（“${m[0]}”）；` +
        '请平实地写明公司和事件，不制造紧迫感，也不要求点击任何内容',
    );
  }
}
