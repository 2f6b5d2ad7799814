import { perZone, type ScreenClock } from './dates.js';
import { localize } from './text.js';
import type { Input, Lang, Profile, Scalar, Text } from './types.js';

/**
 * The organisation profile as session facts. A profile (crisis.config.yaml or
 * org.yaml) is read once at `crisis start` and its values are recorded in the
 * session.started event under these ids, so a statement can name them as
 * holes like any fact, replay reproduces them, and a session without a
 * profile asks for them on the statement screen (the refusal of unfilled
 * holes applies unchanged).
 */

const text = (en: string, zh: string): Text => ({ en, zh });

/** The facts a profile records, with the label the statement screen asks with when one is missing. */
export const PROFILE_FACTS: Readonly<Record<string, { label: Text; type: Input['type'] }>> = {
  'org-company': { label: text('Company name, as statements are issued', '发布声明所用的公司名称'), type: 'text' },
  'org-brand': { label: text('Brand name the public knows', '公众熟知的品牌名称'), type: 'text' },
  'org-hotline': { label: text('Customer hotline', '客服热线'), type: 'text' },
  'org-website': { label: text('Website where statements are published', '发布声明的官方网站'), type: 'text' },
  'org-email': { label: text('Press and public contact e-mail', '媒体及公众联系邮箱'), type: 'text' },
  'org-time-zone': { label: text('Time zone of dates in statements', '声明中日期时间所用的时区'), type: 'text' },
  'org-listed': { label: text('Is the company listed on an exchange?', '公司是否为上市公司？'), type: 'yes-no' },
};

/** The date a statement is issued on, in the organisation's time zone and the statement's language. */
export const STATEMENT_DATE = 'statement-date';

/** `signer-<role>`: who signs for a role; `signer-<role>-title`: the title under the name. */
export const signerFact = (role: string): string => `signer-${role}`;
export const signerTitleFact = (role: string): string => `signer-${role}-title`;

/**
 * Every fact a statement may name beyond the plan's inputs: the profile's,
 * the signer and title of each role, and the statement date. Lint accepts
 * them as holes; the statement screen asks for a missing one with its label.
 */
export function profileInputs(roles: ReadonlyArray<{ id: string; title: Text }>): Input[] {
  const inputs: Input[] = [...orgInputs()];
  for (const role of roles) inputs.push(...signerInputs(role));
  return inputs;
}

let orgInputsMade: readonly Input[] | undefined;
const orgInputs = (): readonly Input[] =>
  (orgInputsMade ??= [
    ...Object.entries(PROFILE_FACTS).map(([id, { label, type }]) => ({ id, label, type })),
    { id: STATEMENT_DATE, label: text('Date of the statement', '声明日期'), type: 'date' },
  ]);

/** Kept by title object: lint asks for them once per plan, and every plan of a library shares its roles' titles. */
const signersMade = new WeakMap<object, Map<string, readonly Input[]>>();
function signerInputs(role: { id: string; title: Text }): readonly Input[] {
  const byTitle = typeof role.title === 'object' ? role.title : undefined;
  let made = byTitle && signersMade.get(byTitle);
  if (byTitle && !made) signersMade.set(byTitle, (made = new Map()));
  const kept = made?.get(role.id);
  if (kept) return kept;
  const en = localize(role.title, 'en');
  const zh = localize(role.title, 'zh');
  const inputs: Input[] = [
    { id: signerFact(role.id), label: text(`Who signs as ${en}`, `以${zh}身份署名的人`), type: 'person' },
    { id: signerTitleFact(role.id), label: text(`Title of the ${en}`, `${zh}的职务`), type: 'text' },
  ];
  made?.set(role.id, inputs);
  return inputs;
}

/** A profile's values as facts, in the session's language (a profile may give names in en and zh). */
export function profileFacts(profile: Profile, lang: Lang): Record<string, Scalar> {
  const facts: Record<string, Scalar> = { 'org-company': localize(profile.company, lang) };
  facts['org-brand'] = localize(profile.brand ?? profile.company, lang);
  if (profile.hotline !== undefined) facts['org-hotline'] = String(profile.hotline);
  if (profile.website) facts['org-website'] = profile.website;
  if (profile.email) facts['org-email'] = profile.email;
  if (profile['time-zone']) facts['org-time-zone'] = profile['time-zone'];
  if (profile.listed !== undefined) facts['org-listed'] = profile.listed;
  for (const [role, signer] of Object.entries(profile.signatories ?? {})) {
    facts[signerFact(role)] = localize(signer.name, lang);
    if (signer.title) facts[signerTitleFact(role)] = localize(signer.title, lang);
  }
  return facts;
}

/** Whether a string names a time zone this runtime knows (Intl throws on an unknown one). */
export const isTimeZone: (zone: string) => boolean = perZone(256, (zone) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
});

/**
 * The zone a session's times are shown in: the organisation's (profile
 * `time-zone`, recorded as org-time-zone) when it names one, else the
 * machine's, which the caller passes in. The zone is said after each time only
 * when it is not the machine's, so a London terminal running a Shanghai
 * company's session reads "18:00 (GMT+8)".
 */
export function sessionClock(facts: Readonly<Record<string, Scalar>>, machineZone: string): ScreenClock {
  const org = Object.hasOwn(facts, 'org-time-zone') ? facts['org-time-zone'] : undefined;
  if (typeof org === 'string' && isTimeZone(org) && org !== machineZone) return { zone: org, label: true };
  return { zone: isTimeZone(machineZone) ? machineZone : 'UTC', label: false };
}

/**
 * sessionClock, worked out when a screen first shows a time of day (a check-back), not before: the machine's zone
 * and the check of a zone name each start the runtime's time zone data, 20 ms of `start` before its first prompt,
 * whose screen shows none. `machineZone` is asked at most once.
 */
export function sessionClockLater(
  facts: Readonly<Record<string, Scalar>>,
  machineZone: string | (() => string),
): ScreenClock {
  let clock: ScreenClock | undefined;
  const get = () => (clock ??= sessionClock(facts, typeof machineZone === 'function' ? machineZone() : machineZone));
  return {
    get zone() {
      return get().zone;
    },
    get label() {
      return get().label;
    },
  };
}

/**
 * Whether a string can name a team-mode store: a postgres:// (or postgresql://)
 * URL that parses (a port out of range or a broken host is refused here, as
 * a usage error, rather than as a database that does not answer).
 */
export function isStoreUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** A report to an authority (playbooks/duties) goes to the regulator, not through the organisation's own channels. */
const NOT_OWN_CHANNELS = new Set(['regulator']);

/**
 * How the profile's `channels` and a plan's statement channels disagree:
 * `missing`, channels the plan issues statements on that the organisation
 * does not list (it cannot publish there as the plan assumes); `unknown`,
 * listed channels no statement of the plan uses (often a misspelling, or a
 * platform name such as weibo where the plan says social). Both in order.
 */
export function profileChannelGaps(
  steps: ReadonlyArray<{ statement?: Readonly<Record<string, unknown>> }>,
  channels: readonly string[],
): { missing: string[]; unknown: string[] } {
  const used = [...new Set(steps.flatMap((s) => Object.keys(s.statement ?? {})))].filter(
    (c) => !NOT_OWN_CHANNELS.has(c),
  );
  return { missing: used.filter((c) => !channels.includes(c)), unknown: channels.filter((c) => !used.includes(c)) };
}
