/** Words shared by every area: severities, target names, units, punctuation. */
export const en = {
  'common.none': 'none',
  'common.yes': 'yes',
  'common.no': 'no',
  /** between list entries */
  'common.listSep': '; ',
  /** between short words of one list (statement channels) */
  'common.wordSep': ', ',
  'common.colon': ': ',
  /** a parenthetical after a word */
  'common.aside': ' ({text})',
  /** a role's title from the playbook, in the run's language (playbook/text.ts roleSaid) */
  'role.title': '{title}',
  /** after a hint or line naming a command to type in team mode, when the store URL's password was left out of it */
  /** where a team session lives: the database (host:port/name, no password) and the session in it */
  'store.place': '{where} (session {session})',
  'store.passwordLeftOut': '{text} (the password is left out: give it with PGPASSWORD or in ~/.pgpass)',
  'severity.low': 'low',
  'severity.medium': 'medium',
  'severity.high': 'high',
  'severity.critical': 'critical',
  'target.assessment': 'Assessment',
  'target.first-statement': 'First statement',
  'target.update-every': 'Updates',
  /** a reporting duty's legal clock */
  'target.duty': 'Reporting deadline',
  /** said once per plan (show, checklist, start), not in every step's guidance */
  'plan.defaultsNote':
    'every deadline and cadence is a default: tune it to your organisation' +
    ' (a legal reporting deadline: confirm it with counsel)',
  /** a statement's language, named where both are checked (validate) */
  'language.en': 'English',
  'language.zh': 'Chinese',
  'unit.s': 's',
  'unit.m': 'm',
  'unit.h': 'h',
  'unit.d': 'd',
  /** a duration in words, one unit at a time: `1h`, `1小时`; joined: `1h30m`, `1小时30分钟` */
  'unit.amount': '{n}{unit}',
  'unit.join': '{a}{b}',
  /** a T+ offset past a day: T+1d02:05 (unit: unit.d) */
  'time.offsetDays': 'T{sign}{days}{unit}{hm}',
  'time.every': 'every {duration}',
  /** a local date and time: 2026-11-30 18:00 */
  'time.dateTime': '{y}-{mo}-{d} {h}:{mi}',
  'time.date': '{y}-{mo}-{d}',
} as const;
