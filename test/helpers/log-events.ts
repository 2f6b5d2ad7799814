import { readFileSync } from 'node:fs';

/** One line of a session log, with the fields the tests assert on. */
export interface LoggedEvent {
  seq: number;
  type: string;
  step?: string;
  actor: string;
  data: Record<string, unknown> & { facts?: Record<string, unknown>; channels?: Record<string, string> };
  hash: string;
}

/** Every event of a `.jsonl` log, in file order, read as written (tests check what is in it). */
export function readLoggedEvents(file: string): LoggedEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LoggedEvent);
}
