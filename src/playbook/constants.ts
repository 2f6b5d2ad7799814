/**
 * The format's constants, without zod: the commands that only read a cached
 * library (list, show) must not pay for loading the schema library.
 */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const DURATION_PATTERN = /^(\d+)(s|m|h|d)$/;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const LANGUAGES = ['en', 'zh'] as const;
