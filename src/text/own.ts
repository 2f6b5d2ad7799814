/**
 * A lookup by an id from a playbook, a log or an operator: only the record's
 * own entries count. `record[id]` on a plain object answers `constructor` or
 * `toString` with a function nobody stored (issue 12, #6).
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
