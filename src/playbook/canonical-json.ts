// Apart from compose: the log's hash chain needs it, and `status` must not load the plan code to read a log.

/**
 * JSON with keys sorted at every level, so equal values hash equally. Built by appending to one string:
 * a plan's hash (`start`, every drill) was 12 ms in entries/filter/sort/map/join arrays, 3-4 ms this way. The
 * output is byte for byte what it was (test/playbook/canonical-json.test.ts keeps the old code as the reference).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // a hole stays empty, as Array.prototype.map and join left it
      if (!(i in value)) continue;
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort: by UTF-16 code units, as `a < b` compares strings.
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}
