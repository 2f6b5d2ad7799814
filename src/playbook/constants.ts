/**
 * The format's constants, without zod: the commands that only read a cached
 * library (list, show) must not pay for loading the schema library.
 */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** At most seven digits: 9999999d is far enough, and every such time still fits in a Date. */
export const DURATION_PATTERN = /^(\d{1,7})(s|m|h|d)$/;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const LANGUAGES = ['en', 'zh'] as const;

/**
 * Statement channels the public reads. A statement on one of them is a public
 * statement (it meets the first-statement target, keeps the update cadence and
 * promises the next update); a notice only by e-mail or phone (staff, partners,
 * investors, people harmed) is a direct notice and does neither.
 */
export const PUBLIC_CHANNELS: readonly string[] = ['website', 'social', 'press-release'];

/** A step whose statement goes out on a public channel: what "the first public statement" means. */
export const isPublicStatement = (step: { statement?: Readonly<Record<string, unknown>> }): boolean =>
  PUBLIC_CHANNELS.some((channel) => Object.hasOwn(step.statement ?? {}, channel));

/**
 * The time a drill records for a `time` input nobody gave (`unlisted: done`). It is no time anyone typed: a duty's
 * deadline is never judged by it (progress.ts doneTime).
 */
export const DRILL_TIME = '2026-01-01 09:00';

/**
 * The fact a crisis playbook records the time of detection in (a `time` input): the legal clocks of reporting
 * duties run from detection, which can be hours before anyone starts a session.
 */
export const DETECTED_AT = 'detected-at';
