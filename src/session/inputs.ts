import type { Input, Scalar } from '../playbook/types.js';
import { DETECTED_AT, DRILL_TIME } from '../playbook/constants.js';
import { timeValueInstant, typedTime, zoneLabel } from '../playbook/dates.js';
import { DRILL_PLACEHOLDER } from './statement.js';
import { say, sayIn, type MessageKey, type MessageParams, type Said } from '../text/messages.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Hour-level clocks (a 1-hour regulator deadline) need a time, not a date; a zone is optional. */
const TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** A number with its thousands grouped by commas (ASCII or full-width), three digits to a group: 12,500,000.5. */
const GROUPED = /^[+-]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$/;

/** A bare time of day, `11:15` or `9:05`: today, in the session's zone (TypingTime). */
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;
/** How far past now a detection time may lie: clocks of different machines disagree by a minute or so. */
const SKEW_MS = 2 * 60_000;

/**
 * When and where a value is typed, for a `time` input, from the adapter that asks (the core reads no clock and no
 * machine zone): `now` (a drill's virtual clock in a drill), `zone`, the zone the session shows times in
 * (sessionClock: the organisation's, else the machine's), which says what day "today" is for a bare `11:15`, and
 * `sessionZone`, the zone a stored local time is read back in later (the session's org-time-zone; progress.ts
 * sessionZone), when the session has one. Read lazily: a getter may stand for a zone not yet worked out.
 */
export interface TypingTime {
  readonly now: number;
  readonly zone: string;
  readonly sessionZone?: string | undefined;
  /**
   * A person typing on this machine (a terminal), whose wall clock is `zone`: with no `sessionZone`, a full local
   * time they type without an offset (`2026-12-01 09:30`) is read in `zone` and kept in UTC, and the answer says
   * so (`assumed`). Elsewhere (a script, decide) such a time stays local as typed, and placed only in the session's
   * zone if it has one (progress.ts typedInstant).
   */
  readonly person?: boolean;
  /** a drill's session: its stand-in DRILL_TIME is no time anyone typed and is never judged */
  readonly drill?: boolean;
}

/** `+HH:MM` / `-HH:MM` within the offsets in civil use (UTC-12:00 to UTC+14:00). */
function isCivilOffset(zone: string): boolean {
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(4, 6));
  const total = hours * 60 + minutes;
  return minutes < 60 && (zone.startsWith('+') ? total <= 14 * 60 : total <= 12 * 60);
}

/** A refusal of `input`'s value: `problem` with the input's name before it, and without. */
function refusal(input: Input, lang: string, problem: Said): { error: string; said: Said; problem: Said } {
  const said = say('input.invalid', { id: input.id, problem });
  return { error: sayIn(lang, said), said, problem };
}

/**
 * Turn what a person typed or a script said into the input's type, or say
 * why it does not fit. Scripts may give real types; prompts give strings.
 * A refusal comes as `error` (in `lang`, for a prompt to show at once) and `said` (worded where it is printed),
 * both naming the input (`units: expected a number, got "lots"`), and as `problem`, the same without the input's
 * name, for a message that names it already (`responses[1].inputs.units: expected a number, …`).
 */
export function coerceInput(
  input: Input,
  raw: Scalar | undefined,
  lang = 'en',
  at?: TypingTime,
): { value?: Scalar; error?: string; said?: Said; problem?: Said; assumed?: Said } {
  if (raw === undefined || raw === '') return {};
  const fail = (key: MessageKey, params: MessageParams) => refusal(input, lang, say(key, params));
  switch (input.type) {
    case 'yes-no': {
      if (typeof raw === 'boolean') return { value: raw };
      const text = String(raw).trim().toLowerCase();
      if (['yes', 'y', 'true', '是', '1'].includes(text)) return { value: true };
      if (['no', 'n', 'false', '否', '0'].includes(text)) return { value: false };
      return fail('input.expectYesNo', { raw: String(raw) });
    }
    case 'number': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw } : fail('input.expectNumber', { raw });
      const text = String(raw).trim();
      // Thousands typed as people write them (2,000; 12,500,000; the full-width ， of Chinese typing): a comma
      // elsewhere (2,00) is refused, never guessed at, since it may be a decimal comma or a digit short.
      if (/[,，]/.test(text))
        return GROUPED.test(text)
          ? { value: Number(text.replace(/[,，]/g, '')) }
          : fail('input.numberGrouping', { raw: text });
      const n = Number(text);
      return Number.isFinite(n) && text !== '' ? { value: n } : fail('input.expectNumber', { raw: String(raw) });
    }
    case 'choice': {
      const value = String(raw).trim();
      const choices = input.choices ?? [];
      return choices.some((c) => c.value === value)
        ? { value }
        : fail('input.expectChoice', { raw: value, choices: choices.map((c) => c.value).join(', ') });
    }
    case 'date': {
      const value = String(raw).trim();
      return isDate(value) ? { value } : fail('input.expectDate', { raw: value });
    }
    case 'time':
      return coerceTime(input, String(raw).trim(), at, fail);
    default: {
      const value = String(raw).trim();
      return value === '' ? {} : { value };
    }
  }
}

/** A `time` input's value (coerceInput): today's time of day, or a full time, with the zone a local one was read in. */
function coerceTime(
  input: Input,
  value: string,
  at: TypingTime | undefined,
  fail: (key: MessageKey, params: MessageParams) => ReturnType<typeof refusal>,
): { value?: Scalar; error?: string; said?: Said; problem?: Said; assumed?: Said } {
  const typed = timeOfDay(value, at) ?? fullTime(value, at);
  if (typed === undefined) return fail('input.expectTime', { raw: value });
  if ('notOnce' in typed)
    return fail(TIME_OF_DAY.test(value) ? 'input.timeNotOnce' : 'input.localNotOnce', {
      raw: value,
      zone: typed.notOnce,
    });
  if (input.id === DETECTED_AT && at !== undefined && !(at.drill && typed.value === DRILL_TIME)) {
    const placed = timeValueInstant(typed.value, at.sessionZone);
    if (placed !== undefined && 'at' in placed && placed.at > at.now + SKEW_MS)
      return fail('input.detectedFuture', { raw: value, now: typedTime(at.now, at.zone), zone: at.zone });
  }
  return typed.assumed === undefined
    ? { value: typed.value }
    : { value: typed.value, assumed: say('input.zoneAssumed', { raw: value, ...typed.assumed }) };
}

/** A `time` value, and the zone a local time typed without one was read in (`zone`, its `offset` then). */
type Typed = { value: string; assumed?: { zone: string; offset: string } } | { notOnce: string };

/**
 * A time typed in full: a date, a time of day, perhaps a zone; undefined when it is none. Without a zone it is the
 * operator's local time: kept as typed, unless a person types it in a session with no zone of its own, where it is
 * read in their machine's zone (TypingTime `person`).
 */
function fullTime(value: string, at: TypingTime | undefined): Typed | undefined {
  const m = TIME.exec(value);
  const ok = m !== null && isDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4] ?? 0) < 60;
  if (!ok) return undefined;
  // Without a zone the time is the operator's local time, kept as typed; with one, it becomes UTC.
  if (!m[5]) return localTime(`${m[1]} ${m[2]}:${m[3]}`, at);
  const zone = m[5].toUpperCase() === 'Z' ? 'Z' : m[5].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  // An offset no place on Earth uses (+99:99, +14:60, -24:00) is a typing error, not a time: civil offsets
  // run from -12:00 to +14:00.
  if (zone !== 'Z' && !isCivilOffset(zone)) return undefined;
  const utc = new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}${zone}`);
  return { value: `${utc.toISOString().slice(0, 16)}Z` };
}

/**
 * A local time (`2026-12-01 09:30`) as stored. Kept as typed when the session has a zone to read it back in, or
 * nobody typed it here (a script; a drill's stand-in). A person typing in a session with no zone means their own
 * clock's (`at.zone`, the machine's): placed there, kept in UTC, and the zone assumed said; `notOnce` when that
 * zone's clocks read it twice or never (a daylight-saving change).
 */
function localTime(local: string, at: TypingTime | undefined): Typed {
  if (at === undefined || !at.person || at.sessionZone !== undefined) return { value: local };
  if (at.drill && local === DRILL_TIME) return { value: local };
  return inZone(local, at.zone);
}

/** A local time placed in `zone`, in UTC, with the zone and its offset then (zoneLabel: GMT+8). */
function inZone(local: string, zone: string): Typed {
  const placed = timeValueInstant(local, zone);
  if (placed === undefined || !('at' in placed)) return { notOnce: zone };
  return {
    value: `${new Date(placed.at).toISOString().slice(0, 16)}Z`,
    assumed: { zone, offset: zoneLabel(placed.at, zone) },
  };
}

function isDate(date: string): boolean {
  const m = DATE.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  return d !== undefined && d.toISOString().slice(0, 10) === date;
}

/**
 * A bare time of day (`11:15`, `9:05`) as that time today in the session's zone (`at.zone`), stored as the full
 * time would be. In the zone the session reads local times back in (its org-time-zone), as typed: `2026-12-02
 * 11:15`, the same as typing the date. Elsewhere (no organisation zone: the machine's, or UTC in a scripted drill)
 * a local time could not be placed later (the log is read elsewhere, and a duty's clock ignores it), so the zone
 * the day was taken in is made explicit: stored in UTC, as `2026-12-02 11:15+00:00` typed would be. `notOnce`
 * when the zone's clocks read that time twice or never today (a daylight-saving change). Undefined when `value`
 * is no time of day, or nothing says when today is.
 */
function timeOfDay(value: string, at: TypingTime | undefined): Typed | undefined {
  const m = TIME_OF_DAY.exec(value);
  if (!m || at === undefined || Number(m[1]) > 23 || Number(m[2]) > 59) return undefined;
  const zone = at.zone;
  const local = `${typedTime(at.now, zone).slice(0, 10)} ${m[1]!.padStart(2, '0')}:${m[2]}`;
  if (at.sessionZone === zone) return { value: local };
  const placed = inZone(local, zone);
  // A script's time of day is placed as before, without a word: no one reads a screen there.
  return at.person || 'notOnce' in placed ? placed : { value: placed.value };
}

/**
 * A placeholder value for steps a drill completes without a script (unlisted: done): the playbook's `default`
 * where it gives one that fits (the answer that is safe when unsure, which a rehearsal follows), else a neutral one.
 */
export function defaultValue(input: Input): Scalar {
  switch (input.type) {
    case 'yes-no':
      return typeof input.default === 'boolean' && input.default;
    case 'number':
      return 0;
    case 'choice':
      return (input.choices?.find((c) => c.value === input.default) ?? input.choices?.[0])?.value ?? '';
    case 'date':
      return '2026-01-01';
    case 'time':
      return DRILL_TIME;
    default:
      return DRILL_PLACEHOLDER;
  }
}
