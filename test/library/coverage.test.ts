/**
 * playbooks/COVERAGE.md maps every item of the content brief to the step
 * that carries it. Check the table against the playbooks: every playbook and
 * step it names exists, every claim it makes in brackets about a step
 * (condition, deadline, tag, approver, order) is true, every playbook is
 * covered, and every numbered item of the brief has a row.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSteps, type PlanStep } from '../../src/playbook/compose.js';
import type { Condition, Scalar } from '../../src/playbook/types.js';
import { CHANNELS, CRISES, PLAYBOOKS_DIR, REVIEWS, STRATEGIES, library, plan } from './builtin.js';

interface Row {
  line: number;
  section: string;
  item: string;
  playbook: string;
  step: string;
}

/** Rows of every `| brief item | playbook | step |` table, with the section heading above them. */
function parseCoverage(markdown: string): Row[] {
  const rows: Row[] = [];
  let section = '';
  let inTable = false;
  markdown.split('\n').forEach((text, i) => {
    const heading = /^#{2,}\s+(.*)$/.exec(text);
    if (heading) {
      section = heading[1]!.trim();
      inTable = false;
      return;
    }
    if (!text.startsWith('|')) {
      inTable = false;
      return;
    }
    const cells = text
      .replace(/^\|/, '')
      .replace(/\|\s*$/, '')
      .split('|')
      .map((c) => c.trim());
    if (cells[0] === 'brief item') {
      expect(cells, `COVERAGE.md:${i + 1} header`).toEqual(['brief item', 'playbook', 'step']);
      inTable = true;
      return;
    }
    if (/^-+$/.test(cells[0]!.replace(/:/g, ''))) return;
    if (!inTable) return;
    expect(cells.length, `COVERAGE.md:${i + 1} has three cells`).toBe(3);
    rows.push({ line: i + 1, section, item: cells[0]!, playbook: cells[1]!, step: cells[2]! });
  });
  return rows;
}

const coverage = () => readFileSync(path.join(PLAYBOOKS_DIR, 'COVERAGE.md'), 'utf8');
const rows = () => parseCoverage(coverage());
const where = (r: Row) => `COVERAGE.md:${r.line} (${r.playbook} / ${r.step})`;

/** The step as the row's playbook runs it at critical severity (every conditional step present). */
const planStep = (r: Row): PlanStep | undefined => {
  if (!library().get(r.playbook)) return undefined;
  return planSteps(plan(r.playbook, 'critical')).find((s) => s.id === r.step);
};

/** `when ...` text in a row -> the condition it describes, or 'unparsed'. */
function parseWhen(text: string): Condition | 'unparsed' {
  const scalar = (v: string): Scalar => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v);
  const eq = (part: string): Condition | undefined => {
    const m = /^([a-z0-9-]+) = ([a-z0-9-]+)$/.exec(part.trim());
    return m ? { fact: m[1]!, equals: scalar(m[2]!) } : undefined;
  };
  let m = /^severity-at-least (low|medium|high|critical)$/.exec(text);
  if (m) return { 'severity-at-least': m[1] as 'high' };
  m = /^([a-z0-9-]+) is not ([a-z0-9-]+)$/.exec(text);
  if (m) return { not: { fact: m[1]!, equals: scalar(m[2]!) } };
  m = /^([a-z0-9-]+) in (.+)$/.exec(text);
  if (m) return { fact: m[1]!, in: m[2]!.split(',').map((v) => scalar(v.trim())) };
  m = /^(any|all) (.+)$/.exec(text);
  if (m) {
    const parts = m[2]!.split(',').map(eq);
    if (parts.every((p) => p !== undefined))
      return m[1] === 'any' ? { any: parts as Condition[] } : { all: parts as Condition[] };
    return 'unparsed';
  }
  return eq(text) ?? 'unparsed';
}

/** Every bracketed note of a row: "(a; b; c)" -> ["a", "b", "c"]. */
const notes = (item: string) =>
  [...item.matchAll(/\(([^()]*)\)/g)].flatMap((m) => m[1]!.split(';').map((s) => s.trim()));

describe('COVERAGE.md table', () => {
  it('parses into a good number of rows under the expected sections', () => {
    const all = rows();
    expect(all.length).toBeGreaterThanOrEqual(100);
    expect([...new Set(all.map((r) => r.section))]).toEqual([
      'Crisis type: product quality',
      'Crisis type: customer service',
      'Crisis type: brand image',
      'Crisis type: cybersecurity',
      'Strategies and the post-crisis review',
    ]);
  });

  it('every row names a built-in playbook', () => {
    const unknown = rows()
      .filter((r) => !library().get(r.playbook))
      .map(where);
    expect(unknown, unknown.join('\n')).toEqual([]);
  });

  it("every step a row names exists in that playbook's composed plan at severity critical", () => {
    const missing = rows()
      .filter((r) => !planStep(r))
      .map(where);
    expect(missing, missing.join('\n')).toEqual([]);
  });

  it('every step a row names is written in the playbook the row names (not merely spliced in from a strategy)', () => {
    const elsewhere = rows()
      // A step generated from a reporting duty belongs to the crisis that triggers it.
      .filter((r) => planStep(r) && planStep(r)!.source !== r.playbook && planStep(r)!.source !== 'duties')
      .map((r) => `${where(r)}: step comes from ${planStep(r)!.source}`);
    expect(elsewhere, elsewhere.join('\n')).toEqual([]);
  });

  it('every crisis, strategy and review playbook appears in at least one row', () => {
    const named = new Set(rows().map((r) => r.playbook));
    for (const id of [...CRISES, ...STRATEGIES, ...REVIEWS]) expect(named.has(id), id).toBe(true);
  });

  it('a crisis-type section only cites its crisis and the strategies that crisis uses', () => {
    const sections: Record<string, string> = {
      'Crisis type: product quality': 'product-quality',
      'Crisis type: customer service': 'customer-service',
      'Crisis type: brand image': 'brand-image',
      'Crisis type: cybersecurity': 'cybersecurity',
    };
    for (const r of rows()) {
      const crisis = sections[r.section];
      if (!crisis) continue;
      expect([crisis, ...plan(crisis, 'critical').strategies], where(r)).toContain(r.playbook);
      expect(r.item.startsWith(`${crisis} `), `${where(r)}: item starts with "${crisis} "`).toBe(true);
      // The step named is in the crisis's own plan, so the responder meets it.
      expect(
        planSteps(plan(crisis, 'critical')).some((s) => s.id === r.step),
        where(r),
      ).toBe(true);
    }
  });

  it('every numbered item of the brief has at least one row', () => {
    // Numbered response items per playbook in the content brief.
    const numbered: Record<string, number> = {
      'product-quality': 5,
      'customer-service': 4,
      'brand-image': 4,
      cybersecurity: 5,
      'task-force': 6,
      'response-plan': 5,
      'multi-channel': 7,
      media: 5,
      'social-media': 6,
    };
    const covered = new Set(
      rows().flatMap((r) => {
        const m = /^([a-z-]+) (\d+):/.exec(r.item);
        return m ? [`${m[1]} ${m[2]}`] : [];
      }),
    );
    const missing = Object.entries(numbered).flatMap(([id, n]) =>
      Array.from({ length: n }, (_, i) => `${id} ${i + 1}`).filter((k) => !covered.has(k)),
    );
    expect(missing).toEqual([]);
    // and no row cites an item number the brief does not have
    const extra = [...covered].filter((k) => {
      const [id, n] = k.split(' ');
      return !(id! in numbered) || Number(n) > numbered[id!]!;
    });
    expect(extra).toEqual([]);
  });

  it('every unnumbered part of the brief has rows: how each crisis shows, the three after-the-crisis parts', () => {
    const items = rows().map((r) => r.item);
    for (const prefix of [
      'product-quality shows:',
      'customer-service causes:',
      'brand-image sources:',
      'cybersecurity kinds:',
      'after the crisis, review and reflect:',
      'after the crisis, prevention:',
      'after the crisis, keep improving:',
    ])
      expect(
        items.some((i) => i.startsWith(prefix)),
        prefix,
      ).toBe(true);
    // review and reflect names ten points, prevention seven, keep improving three
    const count = (prefix: string) =>
      new Set(
        rows()
          .filter((r) => r.item.startsWith(prefix))
          .map((r) => r.item),
      ).size;
    expect(count('after the crisis, review and reflect:')).toBeGreaterThanOrEqual(10);
    expect(count('after the crisis, prevention:')).toBe(7);
    expect(count('after the crisis, keep improving:')).toBe(3);
  });
});

describe('COVERAGE.md claims about steps are true', () => {
  it('every "when ..." note matches the step\'s condition', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const r of rows()) {
      const s = planStep(r);
      if (!s) continue;
      // A duty step has no source file of its own: its condition is the duty's trigger, as composed.
      const raw =
        s.source === 'duties'
          ? s
          : library()
              .get(s.source)!
              .data.phases.flatMap((p) => ('steps' in p ? p.steps : []))
              .find((x) => x.id === s.id)!;
      for (const note of notes(r.item)) {
        const m = /(?:^|, )when (?!\))(.+)$/.exec(note);
        if (!m) continue;
        checked++;
        const claimed = parseWhen(m[1]!.trim());
        if (raw.when === undefined) wrong.push(`${where(r)}: says "when ${m[1]}" but the step has no when`);
        else if (claimed !== 'unparsed' && JSON.stringify(claimed) !== JSON.stringify(raw.when))
          wrong.push(`${where(r)}: says ${JSON.stringify(claimed)}, step has ${JSON.stringify(raw.when)}`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('every "due: ...", "tagged ...", "approve-by ...", "after ..." and "records ..." note is true', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const r of rows()) {
      const s = planStep(r);
      if (!s) continue;
      const steps = planSteps(plan(r.playbook, 'critical'));
      for (const note of notes(r.item)) {
        for (const part of note.split(',').map((p) => p.trim())) {
          let m = /^due: ([a-z0-9-]+)$/.exec(part);
          if (m && (checked++, s.due !== m[1])) wrong.push(`${where(r)}: says due ${m[1]}, step is due ${s.due}`);
          m = /^tagged ([a-z-]+)$/.exec(part);
          if (m && (checked++, !s.tags?.includes(m[1] as never)))
            wrong.push(`${where(r)}: says tagged ${m[1]}, tags are ${s.tags?.join(' ')}`);
          m = /^approve-by ([a-z-]+)$/.exec(part);
          if (m && (checked++, s['approve-by'] !== m[1]))
            wrong.push(`${where(r)}: says approve-by ${m[1]}, step has ${s['approve-by']}`);
          m = /^after ([a-z0-9-]+)$/.exec(part);
          if (m) {
            checked++;
            const before = steps.findIndex((x) => x.id === m![1]);
            if (before < 0 || before >= steps.findIndex((x) => x.id === s.id))
              wrong.push(`${where(r)}: says after ${m[1]}, which is not earlier in the plan`);
          }
          m = /^records ([a-z0-9-]+)$/.exec(part);
          if (m && (checked++, !s.inputs?.some((i) => i.id === m![1])))
            wrong.push(`${where(r)}: says records ${m[1]}, step does not`);
        }
        if (/all five channels|website, social, hotline, e-mail, press release/.test(note)) {
          checked++;
          if (JSON.stringify(Object.keys(s.statement ?? {}).sort()) !== JSON.stringify([...CHANNELS].sort()))
            wrong.push(`${where(r)}: says all five channels, step has ${Object.keys(s.statement ?? {}).join(' ')}`);
        }
        if (/statement step/.test(note) && (checked++, !s.statement))
          wrong.push(`${where(r)}: says statement step, step has no statement`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    expect(wrong, wrong.join('\n')).toEqual([]);
  });

  it('every identifier a row mentions (step, input, choice value, role, target, playbook) exists', () => {
    // Field names, input types and plain hyphenated English words the notes use.
    const vocabulary = new Set<string>([
      'yes-no',
      'severity-at-least',
      'approve-by',
      'assigns-role',
      'pause-point',
      'read-do',
      'do-confirm',
      'e-mail',
      'hand-over',
      'reply-time',
      'follow-up',
    ]);
    for (const entry of library().playbooks) {
      vocabulary.add(entry.id);
      for (const role of entry.data.roles ?? []) vocabulary.add(role.id);
      for (const t of Object.keys(entry.data.targets ?? {})) vocabulary.add(t);
      for (const phase of entry.data.phases) {
        if (!('steps' in phase)) continue;
        vocabulary.add(phase.id);
        for (const s of phase.steps) {
          vocabulary.add(s.id);
          for (const input of s.inputs ?? []) {
            vocabulary.add(input.id);
            for (const c of input.choices ?? []) vocabulary.add(c.value);
          }
        }
      }
    }
    for (const catalogue of library().catalogues)
      for (const duty of catalogue.data.duties) {
        vocabulary.add(`report-${duty.id}`);
        vocabulary.add(`${duty.id}-at`);
        vocabulary.add(`${duty.id}-ref`);
      }
    const unknown: string[] = [];
    for (const r of rows()) {
      // Backticked words are always identifiers; so are the prefixed strategy ids.
      const quoted = [...r.item.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const prefixed = [...r.item.matchAll(/\b(?:tf|rp|mc|md|sm|pc)-[a-z0-9]+(?:-[a-z0-9]+)*/g)].map((m) => m[0]);
      // Inside brackets, every hyphenated lower-case word is an identifier.
      const bracketed = notes(r.item).flatMap((n) =>
        [...n.matchAll(/(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])/g)].map((m) => m[0]),
      );
      for (const id of new Set([...quoted, ...prefixed, ...bracketed]))
        if (!vocabulary.has(id)) unknown.push(`${where(r)}: "${id}"`);
    }
    expect(unknown, unknown.join('\n')).toEqual([]);
  });

  it("backticked choice values belong to a choice input of the row's playbook plan", () => {
    const wrong: string[] = [];
    for (const r of rows()) {
      const quoted = [...r.item.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      if (quoted.length === 0 || !library().get(r.playbook)) continue;
      const steps = planSteps(plan(r.playbook, 'critical'));
      const values = new Set(
        steps.flatMap((s) => (s.inputs ?? []).flatMap((i) => (i.choices ?? []).map((c) => c.value))),
      );
      const ids = new Set(steps.flatMap((s) => [s.id, ...(s.inputs ?? []).map((i) => i.id)]));
      for (const q of quoted) if (!values.has(q) && !ids.has(q)) wrong.push(`${where(r)}: \`${q}\``);
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});

describe('the coverage parser (self-check)', () => {
  it('reads rows, headings and cells, and skips the separator', () => {
    const md = [
      '# T',
      '',
      '## S1',
      '',
      '| brief item | playbook | step |',
      '|---|---|---|',
      '| a (when x = true) | p | s |',
      '',
      'text',
      '## S2',
      '| brief item | playbook | step |',
      '|---|---|---|',
      '| b | q | t |',
    ].join('\n');
    expect(parseCoverage(md)).toEqual([
      { line: 7, section: 'S1', item: 'a (when x = true)', playbook: 'p', step: 's' },
      { line: 13, section: 'S2', item: 'b', playbook: 'q', step: 't' },
    ]);
  });

  it('turns "when" notes into conditions', () => {
    expect(parseWhen('safety-risk = true')).toEqual({ fact: 'safety-risk', equals: true });
    expect(parseWhen('any safety-risk = true, defect-confirmed = true')).toEqual({
      any: [
        { fact: 'safety-risk', equals: true },
        { fact: 'defect-confirmed', equals: true },
      ],
    });
    expect(parseWhen('problem-type is not usability')).toEqual({ not: { fact: 'problem-type', equals: 'usability' } });
    expect(parseWhen('main-cause in wrong-orders, late-shipping')).toEqual({
      fact: 'main-cause',
      in: ['wrong-orders', 'late-shipping'],
    });
    expect(parseWhen('severity-at-least high')).toEqual({ 'severity-at-least': 'high' });
    expect(parseWhen('incident-kind is an attack')).toBe('unparsed');
  });
});
