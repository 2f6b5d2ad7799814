// Fixture generators: a library of N crisis playbooks x 20 steps, copies of a
// drill, a hash-chained log of N events, and an equivalent ansible playbook.
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT } from './lib.mjs';

export const STEPS_PER_PLAYBOOK = 20;
const OWNERS = [
  'incident-lead',
  'spokesperson',
  'legal',
  'quality',
  'pr',
  'customer-service',
  'security',
  'leadership',
];

/**
 * One crisis playbook of `steps` steps that uses the built-in task-force
 * strategy and passes the principle and procedure lint: statement step with
 * approve-by legal, legal review before it, apology decision, corrective
 * action, targets, spokesperson role from task-force, review: post-crisis.
 */
export function crisisYaml(n, steps = STEPS_PER_PLAYBOOK) {
  const id = `gen-crisis-${String(n).padStart(5, '0')}`;
  const p = `g${n}`;
  const out = [];
  out.push(`id: ${id}`, 'kind: crisis', 'title:', `  en: Generated crisis ${n}`, `  zh: 生成的危机 ${n}`);
  out.push(
    'summary:',
    `  en: A generated crisis playbook for benchmarks (${steps} steps plus task-force).`,
    '  zh: 用于基准测试的生成剧本。',
  );
  out.push(
    'severity: { default: high }',
    'targets:',
    '  assessment: 30m',
    '  first-statement: 1h',
    '  update-every: 4h',
    'review: post-crisis',
    'phases:',
    // As the README's format reference splices it: mobilise (and here the press set-up, due by the first
    // statement) first, the rest of task-force at the end. A whole task-force first put its day-long steps before
    // this playbook's 15-minute ones: a procedure.order warning, which `validate FILE` shows since round fourteen,
    // and the fixture passes every lint.
    '  - { use: task-force, phases: [mobilise, tf-ready-press] }',
  );
  const special = {
    1: 'assessment',
    4: 'legal-review',
    5: 'statement',
    7: 'apology-decision',
    9: 'corrective-action',
    12: 'monitoring',
  };
  const perPhase = 5;
  for (let s = 0; s < steps; s++) {
    if (s % perPhase === 0) {
      const ph = s / perPhase;
      out.push(
        `  - id: ${p}-phase-${ph}`,
        '    title:',
        `      en: Phase ${ph} of generated crisis ${n}`,
        `      zh: 第 ${ph} 阶段`,
        '    mode: read-do',
        '    steps:',
      );
    }
    const kind = special[s];
    const due = s < 5 ? `${15 + s * 5}m` : `${1 + Math.floor(s / 5)}h`;
    out.push(`      - id: ${p}-step-${s}`);
    out.push(
      '        title:',
      `          en: Do the generated step ${s} of crisis ${n}`,
      `          zh: 执行第 ${s} 步`,
    );
    out.push(
      '        guidance:',
      `          en: Why step ${s} matters and how to do it well, in two sentences. Record what you found.`,
      `          zh: 说明第 ${s} 步的原因和做法。记录发现。`,
    );
    out.push(
      `        owner: ${kind === 'statement' ? 'spokesperson' : kind === 'legal-review' ? 'legal' : OWNERS[s % OWNERS.length]}`,
    );
    out.push(`        due: ${kind === 'statement' ? 'first-statement' : due}`);
    out.push(`        principles: [${['rapid-response', 'transparency', 'responsibility', 'prevention'][s % 4]}]`);
    if (kind && kind !== 'statement') out.push(`        tags: [${kind}]`);
    out.push(
      '        checklist:',
      `          - en: First check for step ${s}`,
      '            zh: 第一项检查',
      `          - en: Second check for step ${s}`,
      '            zh: 第二项检查',
    );
    out.push(
      '        inputs:',
      `          - { id: ${p}-fact-${s}, label: { en: Value recorded at step ${s}, zh: 第 ${s} 步记录的值 }, type: text, required: ${s % 3 === 0} }`,
    );
    if (s === 2)
      out.push(
        `          - { id: ${p}-risk, label: { en: Is there a safety risk?, zh: 是否存在安全风险？ }, type: yes-no }`,
      );
    if (s === 14)
      out.push(`        when: { any: [ { fact: ${p}-risk, equals: true }, { severity-at-least: critical } ] }`);
    if (kind === 'statement') {
      out.push(
        '        approve-by: legal',
        '        statement:',
        `          website: "We are looking into {{${p}-fact-0}} and will update by {{${p}-fact-3}}."`,
        `          social: "Update on {{${p}-fact-0}}: details on our website."`,
      );
    }
  }
  out.push('  - use: task-force');
  return `${out.join('\n')}\n`;
}

/** Write `count` generated crisis playbooks into `dir`; returns total bytes. */
export function writeLibrary(dir, count, steps = STEPS_PER_PLAYBOOK) {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = crisisYaml(i, steps);
    bytes += Buffer.byteLength(text);
    writeFileSync(path.join(dir, `gen-crisis-${String(i).padStart(5, '0')}.yaml`), text);
  }
  return bytes;
}

/**
 * `count` copies of a built-in drill with distinct ids. Falls back to a
 * minimal generated drill for product-quality when no built-in drill exists.
 */
export function writeDrills(dir, count) {
  mkdirSync(dir, { recursive: true });
  const drillsDir = path.join(ROOT, 'playbooks', 'drills');
  const builtins = existsSync(drillsDir)
    ? readdirSync(drillsDir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];
  const preferred = builtins.find((f) => f.startsWith('product-quality')) ?? builtins[0];
  let template;
  let source;
  if (preferred) {
    template = readFileSync(path.join(drillsDir, preferred), 'utf8');
    source = `playbooks/drills/${preferred}`;
  } else {
    template = [
      'id: bench-drill',
      'kind: drill',
      'title: { en: Bench drill }',
      'playbook: product-quality',
      'severity: high',
      'unlisted: done',
      'responses: []',
      'expect:',
      '  - all-required-done: true',
      '',
    ].join('\n');
    source = '(generated: product-quality, unlisted: done, all-required-done)';
  }
  const idLine = /^id:\s*(\S+)\s*$/m;
  const baseId = idLine.exec(template)?.[1] ?? 'bench-drill';
  for (let i = 0; i < count; i++) {
    const id = `${baseId}-copy-${String(i).padStart(4, '0')}`.slice(0, 64);
    writeFileSync(
      path.join(dir, `${id}.yaml`),
      template.replace(idLine, `id: ${id}`).replace(/^# yaml-language-server:.*$/m, ''),
    );
  }
  return { source, baseId };
}

/**
 * A valid hash-chained log of `count` events in `dir`, named after its
 * session so `crisis verify FILE` and `crisis status ID` accept it. Lines are
 * written in the writer's key order; each hash is SHA-256 over the
 * key-sorted JSON (built directly here for speed) and checked against the
 * project's own dist/session/verify.js hashEvent on a sample of events.
 * Mix 'steps' (default): per 10 events, 8 step.completed (bounded facts),
 * 1 step.skipped, 1 note.added. Mix 'notes': 8 notes, 1 completed, 1
 * skipped; a replayed state keeps every note, so its memory grows with them.
 */
export async function writeBigLog(dir, count, { mix = 'steps' } = {}) {
  const notesMix = mix === 'notes';
  const { hashEvent } = await import(pathToFileURL(path.join(DIST, 'session', 'verify.js')).href);
  const { GENESIS_HASH } = await import(pathToFileURL(path.join(DIST, 'session', 'events.js')).href);
  const session = '20260101-000000-product-quality-beef';
  const file = path.join(dir, `${session}.jsonl`);
  const out = createWriteStream(file);
  const sha = (s) =>
    typeof crypto.hash === 'function' ? crypto.hash('sha256', s) : crypto.createHash('sha256').update(s).digest('hex');
  let prev = GENESIS_HASH;
  let bytes = 0;
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');
  let buf = '';
  for (let seq = 1; seq <= count; seq++) {
    const ts = new Date(t0 + seq * 10).toISOString();
    let type;
    let step;
    let data;
    if (seq === 1) {
      type = 'session.started';
      data = {
        crisis: 'product-quality',
        lang: 'en',
        operator: 'bench',
        planHash: 'a'.repeat(64),
        severity: 'high',
        with: [],
      };
    } else if (notesMix ? seq % 10 === 5 : seq % 10 !== 0 && seq % 10 !== 5) {
      type = 'step.completed';
      step = `step-${seq % 97}`;
      data = { facts: { [`fact-${seq % 13}`]: `value ${seq}` } };
    } else if (notesMix ? seq % 10 === 0 : seq % 10 === 5) {
      type = 'step.skipped';
      step = `step-${seq % 89}`;
      data = { reason: 'not needed in this bench' };
    } else {
      type = 'note.added';
      data = { text: `note ${seq}: something was observed and written down` };
    }
    // keys in sorted order: actor, data, prev, seq, session, step, ts, type, v (data's keys are sorted above)
    const sorted =
      step === undefined
        ? { actor: 'bench', data, prev, seq, session, ts, type, v: 1 }
        : { actor: 'bench', data, prev, seq, session, step, ts, type, v: 1 };
    const hash = sha(JSON.stringify(sorted));
    const e = {
      v: 1,
      seq,
      ts,
      session,
      type,
      actor: 'bench',
      ...(step !== undefined ? { step } : {}),
      data,
      prev,
      hash,
    };
    if (seq % 10_007 === 1 && hashEvent(e) !== hash)
      throw new Error(`generator: hash of event ${seq} differs from dist hashEvent`);
    prev = hash;
    const line = `${JSON.stringify(e)}\n`;
    bytes += line.length;
    buf += line;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  return { session, file, bytes };
}

/** An ansible playbook with one play of ~20 tasks: the nearest thing a user might reach for. */
export function ansibleYaml(tasks = STEPS_PER_PLAYBOOK) {
  const out = [
    '---',
    '- name: Generated crisis 0 (equivalent of one crisis playbook)',
    '  hosts: localhost',
    '  gather_facts: false',
    '  vars:',
    '    severity: high',
    '  tasks:',
  ];
  for (let s = 0; s < tasks; s++) {
    out.push(
      `    - name: "Do the generated step ${s} of crisis 0"`,
      '      ansible.builtin.debug:',
      `        msg: "Why step ${s} matters and how to do it well. Owner ${OWNERS[s % OWNERS.length]}."`,
      `      tags: [phase-${Math.floor(s / 5)}]`,
    );
    if (s === 14) out.push('      when: severity == "critical"');
  }
  return `${out.join('\n')}\n`;
}

/**
 * `count` session logs in `dir`, copies of the logs in `templateDir` (e.g.
 * what `crisis drill` wrote) re-chained under new session ids with the
 * project's own hashEvent, so every copy verifies. Returns the new ids.
 */
export async function writeSessions(templateDir, dir, count) {
  const { hashEvent } = await import(pathToFileURL(path.join(DIST, 'session', 'verify.js')).href);
  const templates = readdirSync(templateDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => ({
      crisis: f.slice(16, -'-xxxx.jsonl'.length),
      events: readFileSync(path.join(templateDir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    }));
  if (templates.length === 0) throw new Error(`writeSessions: no logs in ${templateDir}`);
  mkdirSync(dir, { recursive: true });
  const ids = [];
  const t0 = Date.parse('2026-01-01T00:00:00.000Z');
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length];
    const iso = new Date(t0 + i * 1000).toISOString();
    const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
    const id = `${stamp}-${t.crisis}-${(i % 65536).toString(16).padStart(4, '0')}`;
    let prev = '0'.repeat(64);
    let text = '';
    for (const e of t.events) {
      const copy = { ...e, session: id, prev };
      delete copy.hash;
      copy.hash = hashEvent(copy);
      prev = copy.hash;
      text += `${JSON.stringify(copy)}\n`;
    }
    writeFileSync(path.join(dir, `${id}.jsonl`), text);
    ids.push(id);
  }
  return ids;
}
