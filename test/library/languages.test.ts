/**
 * The built-in playbooks ship in English and Simplified Chinese. Walk the raw
 * YAML of every file (not the parsed data, so nothing is hidden by defaults)
 * and check that every piece of text a person reads is an {en, zh} map with
 * both strings non-empty, and that no other string sneaks in untranslated.
 */
import { describe, expect, it } from 'vitest';
import { builtin } from './builtin.js';

type Raw = unknown;

/** Keys whose value is always a Text. */
const TEXT_KEYS = new Set([
  'title',
  'summary',
  'guidance',
  'label',
  'pause-point',
  'description',
  'message',
  // reporting duties
  'recipient',
  'template',
  'clock',
  'note',
  'issuer',
]);
/** Keys whose value is a list of Texts. */
const TEXT_LIST_KEYS = new Set(['checklist', 'content']);
/** Keys whose value is a map of channel -> Text. */
const TEXT_MAP_KEYS = new Set(['statement']);
/**
 * Keys whose string values are identifiers, enums, durations or condition
 * values, never prose. Any other string-valued key is a text field this test
 * does not know about and fails the test, so a new field cannot ship in one
 * language by accident.
 */
const CODE_KEYS = new Set([
  'id',
  'kind',
  'owner',
  'due',
  'use',
  'phases',
  'value',
  'type',
  'assigns-role',
  'approve-by',
  'review',
  'default',
  'mode',
  'fact',
  'equals',
  'in',
  'severity-at-least',
  'principles',
  'tags',
  // targets: name -> duration
  'assessment',
  'first-statement',
  'update-every',
  'regulator-notice',
  // reporting duties: codes, citations and dates
  'jurisdictions',
  'jurisdiction',
  'applies-to',
  'article',
  'issued',
  'in-force',
  'url',
  // drills
  'playbook',
  'severity',
  'with',
  'start',
  'at',
  'step',
  'action',
  'channel',
  'unlisted',
  'operator',
  'completed',
  'skipped-with-reason',
  'not-skipped',
  'order',
  'statements-on',
  'deadline',
  'targets-met',
  'regulator-before-public',
]);
/**
 * Drill fields the schema types as plain strings (what the scripted team
 * writes or says): they cannot be {en, zh} maps, so they are not checked.
 * Text a judgement check looks for (`text`, `contains`, a `decision` in an
 * inject's `when`) is a list of alternatives that mixes languages on purpose.
 */
const PLAIN_PROSE_KEYS = new Set(['text', 'reason', 'options', 'by', 'verification', 'contains', 'decision']);
/** Maps of channel -> severity: keys and values are codes. */
const CODE_MAP_KEYS = new Set(['channel-severity']);
/** Maps of fact id -> value (drill facts, response inputs): keys are ids, values data. */
const FACT_MAP_KEYS = new Set(['facts', 'inputs']);

interface TextProblem {
  file: string;
  path: string;
  problem: string;
}

const isMap = (v: Raw): v is Record<string, Raw> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkText(value: Raw, file: string, path: string, out: TextProblem[], counts: { texts: number }): void {
  counts.texts++;
  if (typeof value === 'string') return void out.push({ file, path, problem: 'plain string: needs { en, zh }' });
  if (!isMap(value)) return void out.push({ file, path, problem: `not a text: ${JSON.stringify(value)}` });
  const keys = Object.keys(value).sort();
  if (JSON.stringify(keys) !== JSON.stringify(['en', 'zh']))
    out.push({ file, path, problem: `keys ${keys.join(', ')}: expected exactly en and zh` });
  for (const lang of ['en', 'zh'] as const) {
    const text = value[lang];
    if (typeof text !== 'string' || text.trim() === '')
      out.push({ file, path: `${path}.${lang}`, problem: 'missing or empty' });
  }
  const { en, zh } = value as { en?: unknown; zh?: unknown };
  if (typeof zh === 'string' && zh.trim() !== '' && !/\p{Script=Han}/u.test(zh))
    out.push({ file, path: `${path}.zh`, problem: `no Chinese characters: ${JSON.stringify(zh)}` });
  // Chinese quotes itself with “” (the style of the rest of the library): a straight " beside Chinese reads as a slip.
  if (typeof zh === 'string' && /\p{Script=Han}[^"]*"|"[^"]*\p{Script=Han}/u.test(zh))
    out.push({ file, path: `${path}.zh`, problem: `straight quotes in Chinese text (use “”): ${JSON.stringify(zh)}` });
  if (typeof en === 'string' && /\p{Script=Han}/u.test(en))
    out.push({ file, path: `${path}.en`, problem: `Chinese characters in the English text: ${JSON.stringify(en)}` });
  if (typeof en === 'string' && typeof zh === 'string' && en.trim() !== '' && en.trim() === zh.trim())
    out.push({ file, path, problem: 'zh is a copy of en' });
}

/** Walk a raw document; collect text problems and unknown string fields. */
function walk(
  value: Raw,
  file: string,
  path: string,
  out: TextProblem[],
  counts: { texts: number },
  key?: string,
  inList = false,
): void {
  if (key !== undefined && TEXT_KEYS.has(key)) return checkText(value, file, path, out, counts);
  if (key !== undefined && TEXT_LIST_KEYS.has(key)) {
    if (!Array.isArray(value)) return void out.push({ file, path, problem: 'expected a list of texts' });
    return value.forEach((item, i) => checkText(item, file, `${path}[${i}]`, out, counts));
  }
  if (key !== undefined && TEXT_MAP_KEYS.has(key)) {
    if (!isMap(value)) return void out.push({ file, path, problem: 'expected a map of channel to text' });
    for (const [channel, text] of Object.entries(value)) checkText(text, file, `${path}.${channel}`, out, counts);
    return;
  }
  if (key !== undefined && PLAIN_PROSE_KEYS.has(key)) return;
  if (key !== undefined && CODE_MAP_KEYS.has(key) && isMap(value)) return;
  if (key !== undefined && !inList && FACT_MAP_KEYS.has(key) && isMap(value)) return;
  if (Array.isArray(value))
    return value.forEach((item, i) => walk(item, file, `${path}[${i}]`, out, counts, key, true));
  if (isMap(value)) {
    for (const [k, v] of Object.entries(value)) walk(v, file, path === '' ? k : `${path}.${k}`, out, counts, k);
    return;
  }
  if (typeof value === 'string' && (key === undefined || !CODE_KEYS.has(key)))
    out.push({ file, path, problem: `string in an unknown field "${key}": ${JSON.stringify(value).slice(0, 60)}` });
}

function scan(filter: (file: string) => boolean = () => true) {
  const out: TextProblem[] = [];
  const counts = { texts: 0 };
  for (const { file, parsed } of builtin().files) if (filter(file)) walk(parsed.raw, file, '', out, counts);
  return { problems: out, counts };
}

describe('every text in every built-in file is bilingual', () => {
  it('every title, summary, guidance, checklist item, label, choice label, statement, pause point and role text has non-empty en and zh', () => {
    const { problems, counts } = scan();
    // The walk really looked at the library, not at nothing.
    expect(counts.texts).toBeGreaterThan(1000);
    expect(problems, problems.map((p) => `${p.file}: ${p.path}: ${p.problem}`).join('\n')).toEqual([]);
  });

  it.each(['crises', 'strategies', 'review'])('%s/: files have bilingual text', (folder) => {
    const files = builtin().files.filter((f) => f.file.startsWith(`${folder}/`));
    expect(files.length).toBeGreaterThan(0);
    const { problems, counts } = scan((f) => f.startsWith(`${folder}/`));
    expect(counts.texts).toBeGreaterThan(50 * files.length);
    expect(problems.map((p) => `${p.file}: ${p.path}: ${p.problem}`)).toEqual([]);
  });

  it('the walker catches what it should (self-check on a bad document)', () => {
    const out: TextProblem[] = [];
    const bad = {
      id: 'x',
      title: 'English only',
      summary: { en: 'Summary', zh: '' },
      roles: [{ id: 'r', title: { en: 'Role', zh: '角色' }, description: { en: 'Copy', zh: 'Copy' } }],
      phases: [
        {
          id: 'p',
          title: { en: 'P', zh: '阶段' },
          steps: [
            {
              id: 's',
              title: { en: 'T', zh: '步骤' },
              checklist: ['plain'],
              statement: { website: { en: 'Hi' } },
              note: 'free text',
            },
          ],
        },
      ],
    };
    walk(bad, 'bad.yaml', '', out, { texts: 0 });
    expect(out.map((p) => p.path).sort()).toEqual(
      [
        'title',
        'summary.zh',
        'roles[0].description.zh',
        'roles[0].description',
        'phases[0].steps[0].checklist[0]',
        'phases[0].steps[0].statement.website',
        'phases[0].steps[0].statement.website.zh',
        'phases[0].steps[0].note',
      ].sort(),
    );
  });

  it('the walker accepts a drill written to the convention (facts and scripted prose are not texts)', () => {
    const out: TextProblem[] = [];
    const drill = {
      id: 'd',
      kind: 'drill',
      title: { en: 'Drill', zh: '演练' },
      playbook: 'product-quality',
      severity: 'high',
      facts: { 'safety-risk': true, 'problem-type': 'production-defect' },
      injects: [
        { at: '10m', message: { en: 'A post goes viral', zh: '一条帖子爆火' }, facts: { 'defect-confirmed': true } },
      ],
      responses: [
        { at: '15m', step: 'tf-name-leads', action: 'done', inputs: { 'spokesperson-name': 'Li Wei' }, text: 'named' },
      ],
      expect: [
        { completed: ['recall-product'] },
        { before: { step: 'issue-first-statement', deadline: 'first-statement' } },
      ],
    };
    walk(drill, 'd.yaml', '', out, { texts: 0 });
    expect(out).toEqual([]);
  });
});

describe('choice and role texts', () => {
  it('every choice input has at least two choices, each with a bilingual label', () => {
    for (const entry of builtin().library.playbooks)
      for (const phase of entry.data.phases) {
        if (!('steps' in phase)) continue;
        for (const step of phase.steps)
          for (const input of step.inputs ?? []) {
            if (input.type !== 'choice') continue;
            expect(input.choices?.length ?? 0, `${entry.id}/${step.id}/${input.id}`).toBeGreaterThanOrEqual(2);
            for (const c of input.choices ?? [])
              expect(typeof c.label === 'object' && c.label.zh, `${entry.id}/${input.id}=${c.value}`).toBeTruthy();
          }
      }
  });

  it('every role has a bilingual title and description', () => {
    for (const entry of builtin().library.playbooks)
      for (const role of entry.data.roles ?? []) {
        expect(typeof role.title === 'object' && role.title.zh, `${entry.id}/${role.id}`).toBeTruthy();
        expect(typeof role.description === 'object' && role.description.zh, `${entry.id}/${role.id}`).toBeTruthy();
      }
  });
});
