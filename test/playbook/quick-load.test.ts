/**
 * The quick pass (js-yaml + schema, no positions) may only ever answer with
 * the data `yaml` would give for a clean file; for anything else it must step
 * aside so the full parser reports the problem with its position.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDamage, damageOf } from '../helpers/damage.js';
import { parseLibrarySource } from '../../src/playbook/load.js';
import { leftToYaml, quickParseLibrary } from '../../src/playbook/quick-load.js';

import { yamlFiles } from '../helpers/paths.js';

const BUILTIN = fileURLToPath(new URL('../../playbooks/', import.meta.url));
const files = yamlFiles(BUILTIN).map((f) => ({ file: path.relative(BUILTIN, f), text: readFileSync(f, 'utf8') }));

/** The one rule: the quick pass says nothing, or exactly what the full parser says of a clean file. */
function agrees(text: string): { quick: unknown; full: ReturnType<typeof parseLibrarySource> } {
  const quick = quickParseLibrary(text);
  const full = parseLibrarySource(text, 'x.yaml');
  if (quick !== undefined) {
    expect(full.problems).toEqual([]);
    expect(quick).toEqual(full.data);
  }
  return { quick, full };
}

const small = (extra: string) =>
  `id: widget-check\nkind: strategy\ntitle: Widget check\nphases:\n  - id: check\n    title: Check\n    steps:\n` +
  `      - { id: widget-look, title: Look at the widget, owner: incident-lead }\n${extra}`;

describe('quick pass', () => {
  it('reads every built-in file, with the data the full parser gives', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const { file, text } of files) {
      const { quick, full } = agrees(text);
      // What is left to yaml (the duty catalogues' anchors, a quoted scalar over two lines) is parsed by it;
      // every other clean file is read quickly.
      if (full.problems.length === 0 && !leftToYaml(text)) expect(quick, file).toBeDefined();
    }
  });

  it.each([
    ['an anchor and an alias', small('summary: &s Look\ndescription: *s\n')],
    ['a tag', small('summary: !!str 12\n')],
    ['a YAML 1.1 directive (yes would be true there)', `%YAML 1.1\n---\n${small('')}`],
    ['an explicit key', small('? summary\n: Look\n')],
    ['a __proto__ key', small('__proto__: { polluted: true }\n')],
    ['a __proto__ key spelled with escapes', small('"\\x5f_proto__": { polluted: true }\n')],
    ['a duplicate key', small('title: Again\n')],
    ['a schema problem', small('colour: blue\n')],
    ['a YAML syntax error', small('summary: "unclosed\n')],
    // js-yaml reads these two as "Check the widget"; yaml refuses them (MISSING_CHAR), as YAML does
    [
      'a single-quoted scalar continued left of its key',
      small('').replace('title: Check', "title: 'Check the\nwidget'"),
    ],
    [
      'a double-quoted scalar continued left of its key',
      small('').replace('title: Check', 'title: "Check the\nwidget"'),
    ],
    // the same, indented as YAML wants: yaml reads it (the quick pass leaves it, and agrees() checks nothing else)
    ['a quoted scalar over two lines', small('').replace('title: Check', "title: 'Check the\n      widget'")],
  ])('steps aside for %s', (_what, text) => {
    expect(quickParseLibrary(text)).toBeUndefined();
    agrees(text);
  });

  it('a quoted scalar continued left of its key is a YAML error, at its line (the quick pass does not hide it)', () => {
    const text = small('').replace('title: Check', "title: 'Check the\nwidget'");
    expect(text).toContain("    title: 'Check the\nwidget'\n");
    const { quick, full } = agrees(text);
    expect(quick).toBeUndefined();
    expect(full.problems.map((p) => [p.code, p.line])).toContainEqual(['yaml.syntax', 7]);
    // indented as YAML wants, the same scalar is clean
    const fine = agrees(small('').replace('title: Check', "title: 'Check the\n      widget'"));
    expect(fine.full.problems).toEqual([]);
    expect((fine.full.data as { phases: Array<{ title: string }> }).phases[0]!.title).toBe('Check the widget');
  });

  it('reads the plain scalars of the YAML 1.2 core schema as yaml does', () => {
    const scalars = [
      'yes',
      'no',
      'on',
      '0o17',
      '0x1F',
      '017',
      '1_000',
      '1e3',
      '.5',
      '-.inf',
      '.NaN',
      '~',
      'Null',
      '0b101',
      // around the length and first-character guards in front of each type's pattern
      'true',
      'False',
      'TRUE',
      'truer',
      'NULL',
      'nulls',
      '+12',
      '-0',
      '1.',
      '+.5e-3',
      '12abc',
      '.',
    ];
    const extra = `inputs:\n${scalars.map((v, i) => `  - { id: in-${i}, type: text, label: "${v}", default: ${v} }`).join('\n')}\n`;
    // Whatever the schema makes of it, both parsers agree (the test fails if the quick pass answers differently).
    agrees(small(extra));
    for (const v of scalars) agrees(small(`summary: ${v}\n`));
    expect(quickParseLibrary(small('summary: yes\n'))).toMatchObject({ summary: 'yes' });
  });

  it('agrees with the full parser on thousands of damaged built-in files', () => {
    const damage = damageOf(
      [':', '- ', '"', "'", ' #', '&a ', '*a', '!', '\t', '{', '[', '|', '>', '? ', '%', '\\'],
      ['yes', '0o17', '0x1F', '1_000', '1e3', '.5', '.inf', '~', '', '2026-01-01', '1:30', '"a\\tb"'],
    );
    fc.assert(
      fc.property(fc.nat(files.length - 1), fc.array(damage, { minLength: 1, maxLength: 3 }), (n, edits) => {
        const damaged = applyDamage(files[n]!.text, edits);
        agrees(damaged);
      }),
      { numRuns: 150, seed: 17 },
    );
  }, 180_000);
});
