import { CrisisError, ExitCode, say } from '../errors.js';

export const SESSION_ID_PATTERN = /^\d{8}-\d{6}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A name that may become a session's file name, or be offered to a shell: nothing else is. */
export const isSessionId = (id: string): boolean => id.length <= 120 && SESSION_ID_PATTERN.test(id);

/** `20261126-064003-product-quality-3f9a`: sortable, readable, unique enough with 16 random bits. */
export function newSessionId(crisis: string, now: number, randomHex: string): string {
  const iso = new Date(now).toISOString();
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  return `${stamp}-${crisis}-${randomHex.slice(0, 4)}`;
}

/** A session id becomes a file name: refuse anything else before it touches the file system. */
export function assertSessionId(id: string): string {
  if (!isSessionId(id)) {
    throw new CrisisError(say('error.session.invalidId', { id: JSON.stringify(id).slice(1, -1).slice(0, 80) }), {
      hint: say('error.session.invalidId.hint'),
      exitCode: ExitCode.usage,
      code: 'session.invalid-id',
    });
  }
  return id;
}
