/**
 * `crisis drill` end to end: the built CLI (`node bin/crisis.js`) runs as a
 * child process in a temp dir, with its log dir in that temp dir.
 *
 * - the built-in drills (playbooks/drills/: four case studies, one per
 *   template) pass, alone and as one directory with one JUnit file;
 * - each failing variant (test/fixtures/drills/) exits 1 and names exactly
 *   the expectations that failed, with expected and actual;
 * - the JUnit XML validates against the strict Ant/Jenkins schema
 *   (test/fixtures/junit/JUnit.xsd, vendored; root totals aside), the JSON report has its
 *   documented shape, and the drill's log verifies;
 * - a malformed drill file exits 2 and says file:line:col.
 *
 * Every CLI run starts in beforeAll, in parallel; the tests read the results.
 * Needs `npm run build` first (`npm test` does it).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ROOT_TOTALS, validateJunit } from '../helpers/junit.js';
import { REPO_ROOT as REPO } from '../helpers/paths.js';
import { runCli } from '../helpers/run-cli.js';

const BUILT_INS = path.join(REPO, 'playbooks', 'drills');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'drills');
const BUILT_IN_IDS = [
  'brand-image-production-expose',
  'customer-service-ignored-complaints',
  'cybersecurity-data-breach',
  'product-quality-batch-defect',
] as const;
/** Drills of one stakeholder notice each (issue 14, P8): what the notice said, when, and what was decided. */
const NOTICE_DRILL_IDS = [
  'customer-service-staff-note',
  'product-quality-partner-notice',
  'cybersecurity-investor-notice',
] as const;
/** The customer-facing templates of product-quality (issue 14, P8): the recall notice, the call to the person hurt. */
const CUSTOMER_DRILL_IDS = ['product-quality-injured-customer', 'product-quality-recall-notice'] as const;
/** Drills of one template each (issue 14): what a written report said, not a case study. */
const TEMPLATE_DRILL_IDS = ['cybersecurity-regulator-report', ...NOTICE_DRILL_IDS, ...CUSTOMER_DRILL_IDS] as const;
const ALL_DRILL_IDS = [...BUILT_IN_IDS, ...TEMPLATE_DRILL_IDS].sort();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** the run's own temp dir (cwd); logs are under <dir>/logs */
  dir: string;
}

let root: string;

/** `node bin/crisis.js ...args` in a fresh temp dir, with a clean environment. */
async function crisis(args: readonly string[]): Promise<Run> {
  const dir = mkdtempSync(path.join(root, 'run-'));
  mkdirSync(path.join(dir, 'logs'));
  const env = { HOME: dir, CRISIS_LOG_DIR: path.join(dir, 'logs'), NO_COLOR: '1' };
  const { code, stdout, stderr } = await runCli(args, { cwd: dir, env, timeoutMs: 240_000 });
  return { code, stdout, stderr, dir };
}

const unescapeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

interface Junit {
  suites: Array<{
    name: string;
    tests: number;
    failures: number;
    errors: number;
    cases: Array<{ name: string; failed: boolean }>;
    properties: Record<string, string>;
  }>;
}

/** Just enough of a JUnit reader for these assertions: suites, their counts, cases and failures. */
function readJunit(xml: string): Junit {
  const suites = [...xml.matchAll(/<testsuite\b([^>]*)>([\s\S]*?)<\/testsuite>/g)].map(([, attrs, body]) => {
    const attr = (name: string) => unescapeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(attrs!)?.[1] ?? '');
    const cases = [...body!.matchAll(/<testcase name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)].map(
      ([, name, , inner]) => ({ name: unescapeXml(name!), failed: /<failure\b/.test(inner ?? '') }),
    );
    const properties = Object.fromEntries(
      [...body!.matchAll(/<property name="([^"]*)" value="([^"]*)"\/>/g)].map(([, k, v]) => [k!, unescapeXml(v!)]),
    );
    return {
      name: attr('name'),
      tests: Number(attr('tests')),
      failures: Number(attr('failures')),
      errors: Number(attr('errors')),
      cases,
      properties,
    };
  });
  return { suites };
}

type Expectation = Record<string, unknown>;

/** The name the CLI prints for an expectation (the JUnit test case name). */
function expectationName(e: Expectation): string {
  const ids = (v: unknown) => (v as string[]).join(', ');
  if ('completed' in e) return `completed: ${ids(e.completed)}`;
  if ('skipped-with-reason' in e) return `skipped with a reason: ${ids(e['skipped-with-reason'])}`;
  if ('not-skipped' in e) return `not skipped: ${ids(e['not-skipped'])}`;
  if ('before' in e) {
    const { step, deadline } = e.before as { step: string; deadline: string };
    return /^\d+[smhd]$/.test(deadline) ? `${step} done before ${deadline}` : `${step} done before ${deadline} (`;
  }
  if ('order' in e) return `order: ${(e.order as string[]).join(' → ')}`;
  if ('fact' in e) {
    const { id, equals } = e.fact as { id: string; equals: unknown };
    return `fact ${id} = ${JSON.stringify(equals)}`;
  }
  if ('statements-on' in e) return `statements on ${ids(e['statements-on'])}`;
  if ('all-required-done' in e) return 'every step that applies is done or skipped with a reason';
  const texts = (v: unknown) =>
    (Array.isArray(v) ? v : [v]).map((t) => JSON.stringify(typeof t === 'string' ? t : (t as { en: string }).en));
  for (const [key, lead] of [
    ['statement-contains', 'a statement'],
    ['statement-not-contains', 'no statement'],
  ] as const)
    if (key in e) {
      const m = e[key] as { text: unknown; step?: string; channel?: string; by?: string };
      const scope = [m.step && `of ${m.step}`, m.channel && `on ${m.channel}`, m.by && `by ${m.by}`].filter(Boolean);
      return `${lead}${scope.length ? ` ${scope.join(' ')}` : ''} contains ${texts(m.text).join(' or ')}`;
    }
  if ('decision' in e) {
    const d = e.decision as { contains: unknown; step?: string; by?: string };
    return `decision ${texts(d.contains).join(' or ')} recorded${d.step ? ` on ${d.step}` : ''}${d.by ? ` by ${d.by}` : ''}`;
  }
  if ('regulator-before-public' in e) {
    const v = e['regulator-before-public'];
    return `regulator told before the public${v === true ? '' : `: ${ids(v)}`}`;
  }
  if ('targets-met' in e)
    return e['targets-met'] === true ? 'every target met' : `targets met: ${ids(e['targets-met'])}`;
  return 'no overdue targets';
}

/** The expectation kinds that read what was said and decided, not only what was ticked. */
const JUDGEMENT = [
  'statement-contains',
  'statement-not-contains',
  'decision',
  'regulator-before-public',
  'targets-met',
];

const drillFile = (id: string) => path.join(BUILT_INS, `${id}.yaml`);
const readDrill = (file: string) =>
  parseYaml(readFileSync(file, 'utf8')) as {
    id: string;
    expect: Expectation[];
    injects?: Array<{ at: string; when?: unknown }>;
    responses: Array<{ at?: string }>;
  };

/** Lines of one drill's block in the CLI output. */
function block(stdout: string, id: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`drill ${id} (`));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && !l.startsWith(' '));
  return lines.slice(start, end < 0 ? undefined : end);
}

// ------------------------------------------------------------- the runs

/** What the staff note must not say: the agent's name, blame, or an unfilled hole. */
const STAFF_NOTE_BANNED = [
  'Liu Yang',
  '刘洋',
  'dismiss',
  'disciplin',
  '开除',
  '辞退',
  '处分',
  '(not recorded in drill)',
  '[signer',
  '[org-',
]
  .map((t) => `"${t}"`)
  .join(' or ');

/** What the partner notice must not say: sell the stock through, or leave a hole unfilled. */
const PARTNER_NOTICE_BANNED = [
  'sell through',
  'continue selling',
  'discount',
  '继续销售',
  '清仓',
  '打折',
  '(not recorded in drill)',
  '[signer',
  '[org-',
]
  .map((t) => `"${t}"`)
  .join(' or ');

/** What the recall notice must not say: nothing played down, nothing unfilled. */
const RECALL_NOTICE_BANNED = [
  'as a precaution',
  'no safety risk',
  'extremely rare',
  '出于谨慎',
  '不存在安全隐患',
  '(not recorded in drill)',
  '[compensation',
  '[return',
]
  .map((t) => `"${t}"`)
  .join(' or ');

/** What the call to the person hurt must not say: no blame, no waiver, nothing unfilled. */
const INJURED_CONTACT_BANNED = [
  'misuse',
  'used incorrectly',
  'waiver',
  'without admitting',
  '使用不当',
  '免责',
  '(not recorded in drill)',
  '[care-',
]
  .map((t) => `"${t}"`)
  .join(' or ');

/** What the investor notice must not say: a reassurance the facts cannot yet back, or a hole unfilled. */
const INVESTOR_NOTICE_BANNED = [
  'no material impact',
  'fully contained',
  'no impact on',
  '不会产生重大影响',
  '已完全控制',
  '(not recorded in drill)',
  '[signer',
  '[org-',
]
  .map((t) => `"${t}"`)
  .join(' or ');

interface FailingCase {
  file: string;
  id: string;
  playbook: string;
  /** every expectation (and the implicit refusal check) in output order */
  cases: string[];
  failed: Array<{ name: string; expected: string; actual: string }>;
}

const FAILING: FailingCase[] = [
  {
    file: 'cybersecurity-investors-told-late.yaml',
    id: 'cybersecurity-investors-told-late',
    playbook: 'cybersecurity',
    cases: [
      'sh-investor-notice done before first-statement (4h)',
      'order: confirm-incident → sh-investor-notice → issue-first-statement',
      'a statement of sh-investor-notice on email contains "first estimate" or "初步估计"',
      'a statement of sh-investor-notice on email contains "ir@northbridgepay.example"',
      `no statement of sh-investor-notice contains ${INVESTOR_NOTICE_BANNED}`,
      'decision "treat it as material" or "按重大事项" recorded by 4h',
      'targets met: assessment, first-statement, duty-us-sec-8k-item-105',
      'completed: contain-incident, fix-vulnerabilities, hand-over-to-review',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'sh-investor-notice done before first-statement (4h)',
        expected: 'done by T+04:00',
        actual: 'done at T+1d03:00',
      },
      {
        name: 'order: confirm-incident → sh-investor-notice → issue-first-statement',
        expected: 'confirm-incident before sh-investor-notice before issue-first-statement',
        actual:
          'confirm-incident: done at T+00:50; sh-investor-notice: done at T+1d03:00; issue-first-statement: done at T+03:00',
      },
      {
        name: 'a statement of sh-investor-notice on email contains "first estimate" or "初步估计"',
        expected: '"first estimate" or "初步估计" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of sh-investor-notice on email contains "ir@northbridgepay.example"',
        expected: '"ir@northbridgepay.example" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: `no statement of sh-investor-notice contains ${INVESTOR_NOTICE_BANNED}`,
        expected: `statements issued, none with ${INVESTOR_NOTICE_BANNED}`,
        actual: 'found in 1 of 1: sh-investor-notice on email',
      },
      {
        name: 'decision "treat it as material" or "按重大事项" recorded by 4h',
        expected: 'a decision with "treat it as material" or "按重大事项" by T+04:00',
        actual: 'none among 1 decision',
      },
      {
        name: 'targets met: assessment, first-statement, duty-us-sec-8k-item-105',
        expected: 'met on time: assessment, first-statement, duty-us-sec-8k-item-105',
        actual: 'duty-us-sec-8k-item-105: not a target of this session',
      },
    ],
  },
  {
    file: 'product-quality-partners-told-late.yaml',
    id: 'product-quality-partners-told-late',
    playbook: 'product-quality',
    cases: [
      'sh-partner-notice done before first-statement (1h)',
      'order: agree-response-line → sh-partner-notice → issue-first-statement',
      'a statement of sh-partner-notice on email contains "stop selling" or "停止销售"',
      'a statement of sh-partner-notice on email contains "credit you in full" or "全额"',
      `no statement of sh-partner-notice contains ${PARTNER_NOTICE_BANNED}`,
      'decision "credit" or "全额" recorded by 1h',
      'targets met: assessment, first-statement',
      'completed: stop-sales, recall-product, find-root-cause, hand-over-to-review',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'sh-partner-notice done before first-statement (1h)',
        expected: 'done by T+01:00',
        actual: 'done at T+22:00',
      },
      {
        name: 'order: agree-response-line → sh-partner-notice → issue-first-statement',
        expected: 'agree-response-line before sh-partner-notice before issue-first-statement',
        actual:
          'agree-response-line: done at T+00:32; sh-partner-notice: done at T+22:00; issue-first-statement: done at T+00:55',
      },
      {
        name: 'a statement of sh-partner-notice on email contains "stop selling" or "停止销售"',
        expected: '"stop selling" or "停止销售" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of sh-partner-notice on email contains "credit you in full" or "全额"',
        expected: '"credit you in full" or "全额" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: `no statement of sh-partner-notice contains ${PARTNER_NOTICE_BANNED}`,
        expected: `statements issued, none with ${PARTNER_NOTICE_BANNED}`,
        actual: 'found in 1 of 1: sh-partner-notice on email',
      },
      {
        name: 'decision "credit" or "全额" recorded by 1h',
        expected: 'a decision with "credit" or "全额" by T+01:00',
        actual: 'recorded late, at T+3d00:00',
      },
      {
        name: 'targets met: assessment, first-statement',
        expected: 'met on time: assessment, first-statement',
        actual: 'assessment met late at T+01:25 (due T+00:30)',
      },
    ],
  },
  {
    file: 'customer-service-staff-note-blames.yaml',
    id: 'customer-service-staff-note-blames',
    playbook: 'customer-service',
    cases: [
      'sh-employee-note done before first-statement (2h)',
      'order: agree-response-line → sh-employee-note → issue-first-statement',
      'a statement of sh-employee-note on email contains "Chen Jing"',
      'a statement of sh-employee-note on email contains "400-820-3300"',
      `no statement of sh-employee-note contains ${STAFF_NOTE_BANNED}`,
      'decision "support" or "支持" recorded by 1d',
      'targets met: assessment, first-statement',
      'completed: decide-apology-compensation, analyse-feedback, fix-service-process, hand-over-to-review',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'sh-employee-note done before first-statement (2h)',
        expected: 'done by T+02:00',
        actual: 'done at T+03:00',
      },
      {
        name: 'order: agree-response-line → sh-employee-note → issue-first-statement',
        expected: 'agree-response-line before sh-employee-note before issue-first-statement',
        actual:
          'agree-response-line: done at T+00:40; sh-employee-note: done at T+03:00; issue-first-statement: done at T+00:50',
      },
      {
        name: 'a statement of sh-employee-note on email contains "Chen Jing"',
        expected: '"Chen Jing" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of sh-employee-note on email contains "400-820-3300"',
        expected: '"400-820-3300" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: `no statement of sh-employee-note contains ${STAFF_NOTE_BANNED}`,
        expected: `statements issued, none with ${STAFF_NOTE_BANNED}`,
        actual: 'found in 1 of 1: sh-employee-note on email',
      },
      {
        name: 'decision "support" or "支持" recorded by 1d',
        expected: 'a decision with "support" or "支持" by T+1d00:00',
        actual: 'none among 1 decision',
      },
      {
        name: 'targets met: assessment, first-statement',
        expected: 'met on time: assessment, first-statement',
        actual: 'assessment met late at T+01:30 (due T+01:00)',
      },
    ],
  },
  {
    file: 'cybersecurity-regulator-report-late.yaml',
    id: 'cybersecurity-regulator-report-late',
    playbook: 'cybersecurity',
    cases: [
      'regulator told before the public',
      'report-cn-cyber-report-other done before 4h',
      'order: regulator-report-cn-cyber-incident → report-cn-cyber-report-other → issue-first-statement',
      'a statement of regulator-report-cn-cyber-incident on regulator contains "Grade as we assess it: Relatively major"',
      'a statement of regulator-report-cn-cyber-incident on regulator contains "20 bitcoin"',
      'a statement of regulator-report-cn-cyber-incident on regulator contains "trace the ransom wallet"',
      'no statement of regulator-report-cn-cyber-incident on regulator contains "(not recorded in drill)" or "[cyber-report"',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'regulator told before the public',
        expected: 'report-cn-cyber-report-other done before the first public statement',
        actual: 'not before the public: report-cn-cyber-report-other',
      },
      {
        name: 'report-cn-cyber-report-other done before 4h',
        expected: 'done by T+04:00',
        actual: 'done at T+05:00',
      },
      {
        name: 'order: regulator-report-cn-cyber-incident → report-cn-cyber-report-other → issue-first-statement',
        expected: 'regulator-report-cn-cyber-incident before report-cn-cyber-report-other before issue-first-statement',
        actual:
          'regulator-report-cn-cyber-incident: done at T+04:55; report-cn-cyber-report-other: done at T+05:00; ' +
          'issue-first-statement: done at T+03:10',
      },
      {
        name: 'a statement of regulator-report-cn-cyber-incident on regulator contains "Grade as we assess it: Relatively major"',
        expected: '"Grade as we assess it: Relatively major" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of regulator-report-cn-cyber-incident on regulator contains "20 bitcoin"',
        expected: '"20 bitcoin" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of regulator-report-cn-cyber-incident on regulator contains "trace the ransom wallet"',
        expected: '"trace the ransom wallet" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'no statement of regulator-report-cn-cyber-incident on regulator contains "(not recorded in drill)" or "[cyber-report"',
        expected: 'statements issued, none with "(not recorded in drill)" or "[cyber-report"',
        actual: 'found in 1 of 1: regulator-report-cn-cyber-incident on regulator',
      },
    ],
  },
  {
    file: 'product-quality-late-statement.yaml',
    id: 'product-quality-late-statement',
    playbook: 'product-quality',
    cases: [
      'issue-first-statement done before first-statement (1h)',
      'order: tf-name-leads → scope-the-problem → legal-check-statement → issue-first-statement',
      'a statement of issue-first-statement on website contains "stop using"',
      'no statement of issue-first-statement contains "no safety risk" or "meet national standards" or "不存在安全隐患"',
      'decision "recall" or "召回" recorded by 1d',
      'targets met: assessment, first-statement, duty-cn-product-recall-plan',
      'completed: stop-sales, notify-regulator, recall-product, decide-apology-compensation',
      'statements on website, social, hotline, email, press-release',
      'completed: find-root-cause, fix-production-process, announce-cause-and-remedy, tighten-quality-control, hand-over-to-review',
      'fact defect-confirmed = true',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'issue-first-statement done before first-statement (1h)',
        expected: 'done by T+01:00',
        actual: 'done at T+05:30',
      },
      {
        name: 'a statement of issue-first-statement on website contains "stop using"',
        expected: '"stop using" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'no statement of issue-first-statement contains "no safety risk" or "meet national standards" or "不存在安全隐患"',
        expected: 'statements issued, none with "no safety risk" or "meet national standards" or "不存在安全隐患"',
        actual:
          'found in 5 of 5: issue-first-statement on website, issue-first-statement on social, issue-first-statement on hotline, issue-first-statement on email, issue-first-statement on press-release',
      },
      {
        name: 'decision "recall" or "召回" recorded by 1d',
        expected: 'a decision with "recall" or "召回" by T+1d00:00',
        actual: 'recorded late, at T+2d00:00',
      },
      {
        name: 'targets met: assessment, first-statement, duty-cn-product-recall-plan',
        expected: 'met on time: assessment, first-statement, duty-cn-product-recall-plan',
        actual: 'first-statement met late at T+05:30 (due T+01:00)',
      },
    ],
  },
  {
    file: 'customer-service-late-internal-line.yaml',
    id: 'customer-service-late-internal-line',
    playbook: 'customer-service',
    cases: [
      'assess-service-failure done before assessment (1h)',
      'issue-first-statement done before first-statement (2h)',
      'order: tf-name-leads → rp-fast-decision-channel → issue-first-statement',
      'a statement of issue-first-statement on website contains "four hours" or "四小时" or "4 小时"',
      'no statement of issue-first-statement contains "within one hour" or "within 1 hour" or "一小时内" or "1 小时内"',
      'decision "escalate" or "升级" recorded by 3d',
      'targets met: assessment, first-statement',
      'completed: set-up-fast-response, reply-to-affected-customers, decide-apology-compensation, analyse-feedback, fix-service-process, align-marketing-promises',
      'statements on website, social, email',
      'completed: watch-service-signals, hand-over-to-review',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'issue-first-statement done before first-statement (2h)',
        expected: 'done by T+02:00',
        actual: 'done at T+02:30',
      },
      {
        name: 'order: tf-name-leads → rp-fast-decision-channel → issue-first-statement',
        expected: 'tf-name-leads before rp-fast-decision-channel before issue-first-statement',
        actual:
          'tf-name-leads: done at T+00:10; rp-fast-decision-channel: done at T+05:30; issue-first-statement: done at T+02:30',
      },
      {
        name: 'a statement of issue-first-statement on website contains "four hours" or "四小时" or "4 小时"',
        expected: '"four hours" or "四小时" or "4 小时" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'no statement of issue-first-statement contains "within one hour" or "within 1 hour" or "一小时内" or "1 小时内"',
        expected: 'statements issued, none with "within one hour" or "within 1 hour" or "一小时内" or "1 小时内"',
        actual:
          'found in 4 of 4: issue-first-statement on website, issue-first-statement on social, issue-first-statement on hotline, issue-first-statement on email',
      },
      {
        name: 'decision "escalate" or "升级" recorded by 3d',
        expected: 'a decision with "escalate" or "升级" by T+3d00:00',
        actual: 'none among 2 decisions',
      },
      {
        name: 'targets met: assessment, first-statement',
        expected: 'met on time: assessment, first-statement',
        actual: 'first-statement met late at T+02:30 (due T+02:00)',
      },
      {
        name: 'completed: watch-service-signals, hand-over-to-review',
        expected: 'done: watch-service-signals, hand-over-to-review',
        actual: 'not done: watch-service-signals',
      },
    ],
  },
  {
    file: 'brand-image-blames-the-messenger.yaml',
    id: 'brand-image-blames-the-messenger',
    playbook: 'brand-image',
    cases: [
      'assess-brand-damage done before assessment (1h)',
      'issue-first-statement done before first-statement (2h)',
      'order: tf-name-leads → verify-claims → decide-apology → issue-first-statement',
      'a statement of issue-first-statement on website contains "our responsibility" or "我们的责任"',
      'no statement of issue-first-statement contains "smear" or "staged" or "抹黑" or "摆拍" or "恶意炒作"',
      'decision "live stream" or "直播" recorded by 2d',
      'targets met: assessment, first-statement',
      'statements on website, social, press-release',
      'completed: fix-root-cause, tighten-marketing-control, md-press-conference, leader-live-briefing, sm-follow-up, mc-third-party-voices',
      'completed: hand-over-to-review',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'issue-first-statement done before first-statement (2h)',
        expected: 'done by T+02:00',
        actual: 'done at T+03:00',
      },
      {
        name: 'a statement of issue-first-statement on website contains "our responsibility" or "我们的责任"',
        expected: '"our responsibility" or "我们的责任" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'no statement of issue-first-statement contains "smear" or "staged" or "抹黑" or "摆拍" or "恶意炒作"',
        expected: 'statements issued, none with "smear" or "staged" or "抹黑" or "摆拍" or "恶意炒作"',
        actual:
          'found in 5 of 5: issue-first-statement on website, issue-first-statement on social, issue-first-statement on hotline, issue-first-statement on email, issue-first-statement on press-release',
      },
      {
        name: 'decision "live stream" or "直播" recorded by 2d',
        expected: 'a decision with "live stream" or "直播" by T+2d00:00',
        actual: 'none among 1 decision',
      },
      {
        name: 'targets met: assessment, first-statement',
        expected: 'met on time: assessment, first-statement',
        actual: 'first-statement met late at T+03:00 (due T+02:00)',
      },
    ],
  },
  {
    file: 'cybersecurity-regulator-not-notified.yaml',
    id: 'cybersecurity-regulator-not-notified',
    playbook: 'cybersecurity',
    cases: [
      'activate-security-team done before 15m',
      'regulator told before the public',
      'every target met',
      'no statement of issue-first-statement contains "4213877" or "4,213,877"',
      'a statement of issue-first-statement on website contains "bank details"',
      'decision "police" or "报案" or "公安" recorded by 1d',
      'order: confirm-incident → legal-review-disclosure → issue-first-statement → notify-affected-users',
      'completed: contain-incident, notify-affected-users, decide-apology, fix-vulnerabilities, hand-over-to-review',
      'statements on website, social, hotline, email, press-release',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'regulator told before the public',
        expected: 'report-cn-cyber-report-other done before the first public statement',
        actual: 'not before the public: report-cn-cyber-report-other',
      },
      {
        name: 'every target met',
        expected:
          'met on time: assessment, first-statement, update-every, duty-cn-cyber-report-other, duty-cn-pipl-leak-notice',
        actual:
          'duty-cn-cyber-report-other met late at T+07:30 (due T+04:00); duty-cn-pipl-leak-notice met late at T+07:35 (due T+04:00)',
      },
      {
        name: 'no statement of issue-first-statement contains "4213877" or "4,213,877"',
        expected: 'statements issued, none with "4213877" or "4,213,877"',
        actual: 'found in 2 of 5: issue-first-statement on website, issue-first-statement on press-release',
      },
      {
        name: 'a statement of issue-first-statement on website contains "bank details"',
        expected: '"bank details" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'decision "police" or "报案" or "公安" recorded by 1d',
        expected: 'a decision with "police" or "报案" or "公安" by T+1d00:00',
        actual: 'none among 2 decisions',
      },
    ],
  },
  {
    file: 'product-quality-recall-notice-late.yaml',
    id: 'product-quality-recall-notice-late',
    playbook: 'product-quality',
    cases: [
      'publish-recall-notice done before 1d',
      'order: recall-product → decide-apology-compensation → publish-recall-notice',
      'a statement of publish-recall-notice on website contains "stop using" or "停止使用"',
      'a statement of publish-recall-notice on email contains "2026-02A and 2026-02B"',
      'a statement of publish-recall-notice on website contains "a full refund" or "全额退款"',
      'a statement of publish-recall-notice on website contains "courier collection" or "上门取件"',
      `no statement of publish-recall-notice contains ${RECALL_NOTICE_BANNED}`,
      'decision "refund" or "退款" recorded by 12h',
      'targets met: assessment, first-statement, duty-cn-product-recall-plan',
      'every scripted response was accepted',
    ],
    failed: [
      { name: 'publish-recall-notice done before 1d', expected: 'done by T+1d00:00', actual: 'done at T+1d06:00' },
      {
        name: 'order: recall-product → decide-apology-compensation → publish-recall-notice',
        expected: 'recall-product before decide-apology-compensation before publish-recall-notice',
        actual:
          'recall-product: done at T+03:20; decide-apology-compensation: done at T+1d17:00; ' +
          'publish-recall-notice: done at T+1d06:00',
      },
      {
        name: 'a statement of publish-recall-notice on website contains "stop using" or "停止使用"',
        expected: '"stop using" or "停止使用" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of publish-recall-notice on email contains "2026-02A and 2026-02B"',
        expected: '"2026-02A and 2026-02B" in a statement',
        actual: 'no statement issued of publish-recall-notice on email',
      },
      {
        name: 'a statement of publish-recall-notice on website contains "a full refund" or "全额退款"',
        expected: '"a full refund" or "全额退款" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of publish-recall-notice on website contains "courier collection" or "上门取件"',
        expected: '"courier collection" or "上门取件" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: `no statement of publish-recall-notice contains ${RECALL_NOTICE_BANNED}`,
        expected: `statements issued, none with ${RECALL_NOTICE_BANNED}`,
        actual: 'found in 1 of 1: publish-recall-notice on website',
      },
      {
        name: 'decision "refund" or "退款" recorded by 12h',
        expected: 'a decision with "refund" or "退款" by T+12:00',
        actual: 'none among 1 decision',
      },
      {
        name: 'targets met: assessment, first-statement, duty-cn-product-recall-plan',
        expected: 'met on time: assessment, first-statement, duty-cn-product-recall-plan',
        actual: 'duty-cn-product-recall-plan met late at T+5d00:00 (due T+3d00:00)',
      },
    ],
  },
  {
    file: 'product-quality-injured-customer-blames.yaml',
    id: 'product-quality-injured-customer-blames',
    playbook: 'product-quality',
    cases: [
      'sh-contact-injured done before first-statement (1h)',
      'order: sh-plan-care → sh-contact-injured → issue-first-statement',
      'a statement of sh-contact-injured on email contains "all medical costs" or "全部医疗费用"',
      'a statement of sh-contact-injured on hotline contains "138-0000-5500"',
      'a statement of sh-contact-injured on email contains "does not depend on" or "不以调查结论为前提"',
      `no statement of sh-contact-injured contains ${INJURED_CONTACT_BANNED}`,
      'decision "medical" or "医疗" recorded by first-statement',
      'targets met: assessment, first-statement, duty-cn-product-harm-report',
      'every scripted response was accepted',
    ],
    failed: [
      {
        name: 'sh-contact-injured done before first-statement (1h)',
        expected: 'done by T+01:00',
        actual: 'done at T+05:00',
      },
      {
        name: 'order: sh-plan-care → sh-contact-injured → issue-first-statement',
        expected: 'sh-plan-care before sh-contact-injured before issue-first-statement',
        actual:
          'sh-plan-care: done at T+04:00; sh-contact-injured: done at T+05:00; issue-first-statement: done at T+00:55',
      },
      {
        name: 'a statement of sh-contact-injured on email contains "all medical costs" or "全部医疗费用"',
        expected: '"all medical costs" or "全部医疗费用" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of sh-contact-injured on hotline contains "138-0000-5500"',
        expected: '"138-0000-5500" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: 'a statement of sh-contact-injured on email contains "does not depend on" or "不以调查结论为前提"',
        expected: '"does not depend on" or "不以调查结论为前提" in a statement',
        actual: 'not found in 1 statement',
      },
      {
        name: `no statement of sh-contact-injured contains ${INJURED_CONTACT_BANNED}`,
        expected: `statements issued, none with ${INJURED_CONTACT_BANNED}`,
        actual: 'found in 2 of 2: sh-contact-injured on hotline, sh-contact-injured on email',
      },
      {
        name: 'decision "medical" or "医疗" recorded by first-statement',
        expected: 'a decision with "medical" or "医疗" by T+01:00',
        actual: 'none among 1 decision',
      },
      {
        name: 'targets met: assessment, first-statement, duty-cn-product-harm-report',
        expected: 'met on time: assessment, first-statement, duty-cn-product-harm-report',
        actual: 'duty-cn-product-harm-report met late at T+4d00:00 (due T+2d00:00)',
      },
    ],
  },
];

/** Malformed drill files, written into the run's temp dir; the position is where the CLI must point. */
const MALFORMED = {
  'bad-yaml': {
    text: [
      'id: bad-yaml',
      'kind: drill',
      'title: Bad YAML',
      'playbook: product-quality',
      'responses:',
      '  - at: 5m',
      '    step: tf-name-leads',
      '    action: done',
      '      inputs: { incident-lead-name: A }',
      'expect:',
      '  - completed: [tf-name-leads]',
      '',
    ].join('\n'),
    code: 'yaml.syntax',
    position: undefined as string | undefined,
  },
  'unknown-step': {
    text: [
      'id: unknown-step',
      'kind: drill',
      'title: Unknown step',
      'playbook: product-quality',
      'unlisted: done',
      'responses:',
      '  - at: 5m',
      '    step: tf-name-leads',
      '    action: done',
      '    inputs: { incident-lead-name: A, spokesperson-name: B }',
      '  - at: 10m',
      '    step: issue-the-statement',
      '    action: done',
      'expect:',
      '  - completed: [tf-name-leads]',
      '',
    ].join('\n'),
    code: 'drill.unknown-step',
    position:
      'unknown-step.yaml:12:11: responses[1].step: no step "issue-the-statement" in plan product-quality [drill.unknown-step]',
  },
  'unknown-field': {
    text: [
      'id: unknown-field',
      'kind: drill',
      'title: Unknown field',
      'playbook: product-quality',
      'unlisted: done',
      'responses:',
      '  - at: 5m',
      '    step: tf-name-leads',
      '    action: done',
      '    input: { incident-lead-name: A, spokesperson-name: B }',
      'expect:',
      '  - completed: [tf-name-leads]',
      '',
    ].join('\n'),
    code: 'schema',
    position: 'unknown-field.yaml:10:5: responses[0].input: unknown field "input" [schema]',
  },
};

const runs = {} as {
  docExample: Run;
  validate: Run;
  single: Record<string, Run>;
  byId: Run;
  all: Run;
  fixturesDir: Run;
  failing: Record<string, Run>;
  malformed: Record<string, Run>;
};

/** A drill file copied into a directory of its own, so the run's cwd holds only it. */
async function runMalformed(name: keyof typeof MALFORMED): Promise<Run> {
  const file = path.join(root, `${name}.yaml`);
  writeFileSync(file, MALFORMED[name].text);
  return crisis(['drill', file]);
}

beforeAll(async () => {
  expect(existsSync(path.join(REPO, 'dist', 'cli', 'main.js')), 'run `npm run build` first').toBe(true);
  root = mkdtempSync(path.join(tmpdir(), 'crisis-drill-test-'));
  // The complete example in docs/drills.md must run as written.
  const docs = readFileSync(path.join(REPO, 'docs', 'drills.md'), 'utf8');
  const example = [...docs.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .find((b) => b.startsWith('id: recall-tabletop\n'));
  expect(example, 'the example drill in docs/drills.md').toBeDefined();
  writeFileSync(path.join(root, 'recall-tabletop.yaml'), example!);
  const [docExample, validate, single, byId, all, fixturesDir, failing, malformed] = await Promise.all([
    crisis(['drill', path.join(root, 'recall-tabletop.yaml')]),
    crisis(['validate', '--strict', BUILT_INS, FIXTURES]),
    Promise.all(
      ALL_DRILL_IDS.map((id) =>
        crisis(['drill', drillFile(id), '--junit', 'out/junit.xml', '--report', 'out/report.json']),
      ),
    ),
    crisis(['drill', 'product-quality-batch-defect']),
    crisis(['drill', BUILT_INS, '--junit', 'reports/drills.xml', '--report', 'reports/drills.json']),
    crisis(['drill', FIXTURES]),
    Promise.all(
      FAILING.map((f) =>
        crisis(['drill', path.join(FIXTURES, f.file), '--junit', 'junit.xml', '--report', 'report.json']),
      ),
    ),
    Promise.all((Object.keys(MALFORMED) as Array<keyof typeof MALFORMED>).map(runMalformed)),
  ]);
  runs.docExample = docExample;
  runs.validate = validate;
  runs.single = Object.fromEntries(ALL_DRILL_IDS.map((id, i) => [id, single[i]!]));
  runs.byId = byId;
  runs.all = all;
  runs.fixturesDir = fixturesDir;
  runs.failing = Object.fromEntries(FAILING.map((f, i) => [f.id, failing[i]!]));
  runs.malformed = Object.fromEntries(Object.keys(MALFORMED).map((k, i) => [k, malformed[i]!]));
}, 480_000);

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

// ------------------------------------------------------------- built-ins

describe('the built-in case-study drills', () => {
  it('ship four drills, one per case study, each with a schema comment, {en, zh} title and summary, 4-8 injects over hours, unlisted: done and 6-10 expectations', () => {
    const files = readdirSync(BUILT_INS)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(files).toEqual(ALL_DRILL_IDS.map((id) => `${id}.yaml`));
    for (const id of BUILT_IN_IDS) {
      const text = readFileSync(drillFile(id), 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=../schema/drill.schema.json\n')).toBe(true);
      const drill = parseYaml(text) as Record<string, unknown> & {
        injects: Array<{ at: string; message: { en: string; zh: string } }>;
        expect: unknown[];
      };
      expect(drill.id).toBe(id);
      expect(drill.kind).toBe('drill');
      expect(drill.unlisted).toBe('done');
      for (const key of ['title', 'summary'] as const)
        expect(Object.keys(drill[key] as object).sort(), `${id} ${key}`).toEqual(['en', 'zh']);
      expect(drill.injects.length).toBeGreaterThanOrEqual(4);
      expect(drill.injects.length).toBeLessThanOrEqual(8);
      for (const inject of drill.injects) expect(Object.keys(inject.message).sort()).toEqual(['en', 'zh']);
      expect(drill.expect.length).toBeGreaterThanOrEqual(6);
      expect(drill.expect.length).toBeLessThanOrEqual(10);
    }
  });

  it('run on multi-day clocks, with at least one branching inject and three judgement kinds each', () => {
    const minutes = (at: string) => Number(at.slice(0, -1)) * { s: 1 / 60, m: 1, h: 60, d: 1440 }[at.slice(-1)]!;
    for (const id of BUILT_IN_IDS) {
      const drill = readDrill(drillFile(id));
      const injects = drill.injects ?? [];
      const times = [...injects, ...drill.responses].flatMap((x) => (x.at ? [minutes(x.at)] : []));
      expect(Math.max(...times), id).toBeGreaterThanOrEqual(2 * 1440);
      expect(injects.filter((i) => i.when !== undefined).length, id).toBeGreaterThanOrEqual(1);
      expect(new Set(drill.expect.flatMap((e) => JUDGEMENT.filter((k) => k in e))).size, id).toBeGreaterThanOrEqual(3);
      expect(
        drill.expect.some((e) => 'no-overdue-targets' in e || 'targets-met' in e),
        id,
      ).toBe(true);
    }
  });

  it.each([...NOTICE_DRILL_IDS, ...CUSTOMER_DRILL_IDS])(
    '%s: bilingual, on a clock of days, and judges what the notice said, when it went out and what was decided',
    (id) => {
      const text = readFileSync(drillFile(id), 'utf8');
      expect(text.startsWith('# yaml-language-server: $schema=../schema/drill.schema.json\n')).toBe(true);
      const drill = parseYaml(text) as {
        title: object;
        summary: object;
        injects: Array<{ at: string; message: object; when?: unknown }>;
        responses: Array<{ at?: string }>;
        expect: Expectation[];
      };
      for (const part of [drill.title, drill.summary, ...drill.injects.map((i) => i.message)])
        expect(Object.keys(part).sort(), id).toEqual(['en', 'zh']);
      const minutes = (at: string) => Number(at.slice(0, -1)) * { s: 1 / 60, m: 1, h: 60, d: 1440 }[at.slice(-1)]!;
      const times = [...drill.injects, ...drill.responses].flatMap((x) => (x.at ? [minutes(x.at)] : []));
      expect(Math.max(...times), id).toBeGreaterThanOrEqual(2 * 1440);
      expect(drill.injects.some((i) => i.when !== undefined)).toBe(true);
      const kinds = new Set(drill.expect.flatMap((e) => Object.keys(e)));
      for (const kind of ['statement-contains', 'statement-not-contains', 'decision', 'targets-met', 'before'])
        expect(kinds.has(kind), `${id}: ${kind}`).toBe(true);
      // Every judgement on the notice reads the notice itself, not any statement.
      const step = (e: Expectation) => (Object.values(e)[0] as { step?: string }).step;
      const notice = drill.expect.find((e) => 'before' in e)!;
      for (const e of drill.expect.filter((x) => 'statement-contains' in x || 'statement-not-contains' in x))
        expect(step(e), id).toBe(step(notice));
    },
  );

  it.each(ALL_DRILL_IDS)('%s passes: exit 0, every expectation listed with ✓', (id) => {
    const run = runs.single[id]!;
    expect(run.stderr).toBe('wrote out/junit.xml\nwrote out/report.json\n');
    expect(run.code).toBe(0);
    const drill = readDrill(drillFile(id));
    const lines = block(run.stdout, id);
    const total = drill.expect.length + 1; // + "every scripted response was accepted"
    expect(lines[0]).toMatch(new RegExp(`^drill ${id} \\([a-z-]+, [a-z]+\\): ${total}/${total} expectations held$`));
    const checks = lines.filter((l) => /^ {2}[✓✗] /.test(l));
    expect(checks).toHaveLength(total);
    expect(checks.every((l) => l.startsWith('  ✓ '))).toBe(true);
    drill.expect.forEach((e, i) => expect(checks[i], JSON.stringify(e)).toContain(`✓ ${expectationName(e)}`));
    expect(checks[total - 1]).toBe('  ✓ every scripted response was accepted');
    expect(run.stdout).not.toContain('✗');
    expect(run.stdout).not.toMatch(/expected:|actual:/);
  });

  it('the built-in drills and the failing variants validate with no problem, even with --strict', () => {
    expect(runs.validate.stdout).toBe(
      `✓ ${ALL_DRILL_IDS.length + FAILING.length} files checked: 0 errors, 0 warnings\n`,
    );
    expect(runs.validate.code).toBe(0);
  });

  it('the example in docs/drills.md runs as written and passes', () => {
    expect(runs.docExample.stderr).toBe('');
    expect(runs.docExample.code).toBe(0);
    expect(runs.docExample.stdout).toMatch(
      /^drill recall-tabletop \(product-quality, critical\): 11\/11 expectations held$/m,
    );
  });

  it('a drill runs by id from the built-in library too', () => {
    expect(runs.byId.code).toBe(0);
    expect(runs.byId.stderr).toBe('');
    expect(runs.byId.stdout).toMatch(
      /^drill product-quality-batch-defect \(product-quality, high\): 11\/11 expectations held$/m,
    );
  });

  it('the whole directory runs in one call and writes one JUnit file with one passing testsuite per drill', async () => {
    const run = runs.all;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('wrote reports/drills.xml\nwrote reports/drills.json\n');
    expect(run.stdout).toContain(`\n${ALL_DRILL_IDS.length} of ${ALL_DRILL_IDS.length} drills passed\n`);
    for (const id of ALL_DRILL_IDS) expect(block(run.stdout, id).length, id).toBeGreaterThan(0);
    const file = path.join(run.dir, 'reports', 'drills.xml');
    const xml = readFileSync(file, 'utf8');
    expect(xml.match(/<testsuites\b/g)).toHaveLength(1);
    expect(xml).toMatch(ROOT_TOTALS);
    const junit = readJunit(xml);
    expect(junit.suites.map((s) => s.name)).toEqual(ALL_DRILL_IDS);
    for (const suite of junit.suites) {
      const drill = readDrill(drillFile(suite.name));
      expect(suite.tests).toBe(drill.expect.length + 1);
      expect(suite.cases).toHaveLength(suite.tests);
      expect(suite.failures).toBe(0);
      expect(suite.errors).toBe(0);
      expect(suite.cases.some((c) => c.failed)).toBe(false);
      expect(
        suite.cases
          .map((c) => c.name)
          .slice(0, -1)
          .map((n, i) => n.startsWith(expectationName(drill.expect[i]!))),
      ).not.toContain(false);
    }
    expect(junit.suites.map((s) => s.properties.playbook)).toEqual(
      ALL_DRILL_IDS.map((id) => (parseYaml(readFileSync(drillFile(id), 'utf8')) as { playbook: string }).playbook),
    );
    expect(new Set(junit.suites.map((s) => s.properties.playbook))).toEqual(
      new Set(['brand-image', 'customer-service', 'cybersecurity', 'product-quality']),
    );
    const lint = await validateJunit(file);
    expect(lint, lint.output).toEqual({ code: 0, output: `${file} validates\n` });
  });

  it('the JSON report has one entry per drill: ids, virtual start and end, results, the log', () => {
    const report = JSON.parse(readFileSync(path.join(runs.all.dir, 'reports', 'drills.json'), 'utf8')) as {
      drills: Array<Record<string, unknown>>;
    };
    expect(Object.keys(report)).toEqual(['drills', 'errors']);
    expect(report.drills.map((d) => d.drill)).toEqual(ALL_DRILL_IDS);
    for (const d of report.drills) {
      expect(Object.keys(d).sort()).toEqual([
        'drill',
        'endedAt',
        'log',
        'passed',
        'playbook',
        'results',
        'session',
        'severity',
        'startedAt',
      ]);
      expect(d.passed).toBe(true);
      // The default virtual start; every case study runs a virtual week, to its review hand-over.
      expect(d.startedAt).toBe('2026-01-01T09:00:00.000Z');
      if ((BUILT_IN_IDS as readonly unknown[]).includes(d.drill)) expect(d.endedAt).toBe('2026-01-08T09:00:00.000Z');
      expect(d.session).toEqual(expect.stringContaining(d.playbook as string));
      expect(path.dirname(d.log as string)).toBe(path.join(runs.all.dir, 'logs'));
      expect(path.basename(d.log as string)).toBe(`${d.session as string}.jsonl`);
      const results = d.results as Array<Record<string, unknown>>;
      expect(results.length).toBe(readDrill(drillFile(d.drill as string)).expect.length + 1);
      for (const r of results) {
        expect(Object.keys(r).sort()).toEqual(['actual', 'evidence', 'expected', 'name', 'ok', 'settledAt']);
        expect(r.ok).toBe(true);
        expect(typeof r.name).toBe('string');
        expect(Array.isArray(r.evidence)).toBe(true);
      }
    }
    const severities = Object.fromEntries(report.drills.map((d) => [d.drill, d.severity]));
    expect(severities).toEqual({
      'brand-image-production-expose': 'high',
      'customer-service-ignored-complaints': 'medium',
      'customer-service-staff-note': 'high',
      'cybersecurity-data-breach': 'critical',
      'cybersecurity-investor-notice': 'high',
      'cybersecurity-regulator-report': 'high',
      'product-quality-batch-defect': 'high',
      'product-quality-injured-customer': 'high',
      'product-quality-partner-notice': 'high',
      'product-quality-recall-notice': 'high',
    });
  });

  it.each(BUILT_IN_IDS)(
    '%s: the drill log verifies, starts with the drill id and runs on the virtual clock',
    async (id) => {
      const run = runs.single[id]!;
      const report = JSON.parse(readFileSync(path.join(run.dir, 'out', 'report.json'), 'utf8')) as {
        drills: Array<{ log: string; session: string }>;
      };
      const log = report.drills[0]!.log;
      expect(run.stdout).toContain(`  log: ${log}\n`);
      const events = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as { type: string; ts: string; seq: number; hash: string; data: Record<string, unknown> },
        );
      expect(events[0]!.type).toBe('session.started');
      expect(events[0]!.ts).toBe('2026-01-01T09:00:00.000Z');
      expect(events[0]!.data.drill).toEqual({ id, file: drillFile(id) });
      expect(events.at(-1)!.type).toBe('session.ended');
      expect(events.at(-1)!.ts).toBe('2026-01-08T09:00:00.000Z');
      // Every inject is in the log, at its own virtual time.
      const drill = readDrill(drillFile(id));
      const injects = events.filter((e) => e.type === 'inject.received');
      expect(injects).toHaveLength(drill.injects!.length);
      const verify = await crisis(['verify', log]);
      expect(verify.stderr).toBe('');
      expect(verify.code).toBe(0);
      const head = events.at(-1)!;
      expect(verify.stdout).toBe(
        `✓ ${log}: ${events.length} events, hash chain intact\n  chain head ${head.seq}:${head.hash}\n`,
      );
    },
  );
});

// ------------------------------------------------------------- failing variants

describe('the failing variants', () => {
  it('each variant fails every judgement expectation of its drill, and each drill has at least three kinds', () => {
    for (const f of FAILING) {
      const drill = readDrill(path.join(FIXTURES, f.file));
      const judgement = drill.expect.filter((e) => JUDGEMENT.some((k) => k in e)).map(expectationName);
      expect(new Set(drill.expect.flatMap((e) => JUDGEMENT.filter((k) => k in e))).size, f.id).toBeGreaterThanOrEqual(
        3,
      );
      expect(
        judgement.filter((n) => !f.failed.some((x) => x.name === n)),
        f.id,
      ).toEqual([]);
    }
  });

  it('there is one failing variant per built-in drill, each with its own id', () => {
    const ids = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => readDrill(path.join(FIXTURES, f)).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(FAILING.map((f) => f.id).sort());
    for (const id of ids) expect(BUILT_IN_IDS as readonly string[]).not.toContain(id);
  });

  it.each(FAILING)('$id exits 1 and names exactly the failing expectations, with expected and actual', (f) => {
    const run = runs.failing[f.id]!;
    expect(run.stderr).toBe('wrote junit.xml\nwrote report.json\n');
    expect(run.code).toBe(1);
    const lines = block(run.stdout, f.id);
    expect(lines[0]).toBe(
      `drill ${f.id} (${f.playbook}, ${lines[0]!.split(', ')[1]!.split(')')[0]}): ${f.cases.length - f.failed.length}/${f.cases.length} expectations held`,
    );
    const checks = lines.filter((l) => /^ {2}[✓✗] /.test(l));
    expect(checks).toEqual(f.cases.map((name) => `  ${f.failed.some((x) => x.name === name) ? '✗' : '✓'} ${name}`));
    for (const x of f.failed) {
      const at = lines.indexOf(`  ✗ ${x.name}`);
      expect(lines[at + 1]).toBe(`      expected: ${x.expected}`);
      expect(lines[at + 2]).toBe(`      actual:   ${x.actual}`);
    }
  });

  it.each(FAILING)('$id: the JUnit report has the exact test cases and failures, and validates', async (f) => {
    const file = path.join(runs.failing[f.id]!.dir, 'junit.xml');
    const xml = readFileSync(file, 'utf8');
    const junit = readJunit(xml);
    expect(junit.suites).toHaveLength(1);
    const suite = junit.suites[0]!;
    expect(suite.name).toBe(f.id);
    expect(suite.tests).toBe(f.cases.length);
    expect(suite.failures).toBe(f.failed.length);
    expect(suite.errors).toBe(0);
    expect(suite.cases).toEqual(f.cases.map((name) => ({ name, failed: f.failed.some((x) => x.name === name) })));
    expect(xml.match(/<failure\b/g)).toHaveLength(f.failed.length);
    for (const x of f.failed)
      expect(unescapeXml(xml)).toContain(`message="expected ${x.expected}; actual ${x.actual}"`);
    expect(suite.properties.playbook).toBe(f.playbook);
    expect(xml).toContain(
      `<system-out>session ${suite.properties.session}: ${f.cases.length - f.failed.length} of ${f.cases.length} expectations held</system-out>`,
    );
    const lint = await validateJunit(file);
    expect(lint, lint.output).toEqual({ code: 0, output: `${file} validates\n` });
  });

  it.each(FAILING)('$id: the JSON report marks the drill and each failed result', (f) => {
    const report = JSON.parse(readFileSync(path.join(runs.failing[f.id]!.dir, 'report.json'), 'utf8')) as {
      drills: Array<{
        drill: string;
        passed: boolean;
        results: Array<{ name: string; ok: boolean; expected: string; actual: string }>;
      }>;
    };
    expect(report.drills).toHaveLength(1);
    const d = report.drills[0]!;
    expect(d.drill).toBe(f.id);
    expect(d.passed).toBe(false);
    expect(d.results.filter((r) => !r.ok).map(({ name, expected, actual }) => ({ name, expected, actual }))).toEqual(
      f.failed,
    );
  });

  it('the fixture directory runs in one call: every drill fails, exit 1', () => {
    expect(runs.fixturesDir.code).toBe(1);
    expect(runs.fixturesDir.stdout).toContain(`\n0 of ${FAILING.length} drills passed\n`);
  });
});

// ------------------------------------------------------------- malformed files

describe('a malformed drill file', () => {
  it.each(Object.keys(MALFORMED))('%s: exit 2, nothing run, no log written', (name) => {
    const run = runs.malformed[name]!;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${name}.yaml`);
    expect(run.stderr).toContain(`[${MALFORMED[name as keyof typeof MALFORMED].code}]`);
    expect(run.stderr).toContain('hint: fix the drill file');
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(path.join(run.dir, 'logs'))).toEqual([]);
  });

  it.each(['unknown-step', 'unknown-field'] as const)('%s: stderr says file:line:col', (name) => {
    const run = runs.malformed[name]!;
    // One line, "error:" once (it was `error: FILE:L:C: error: …`).
    expect(run.stderr).toBe(
      `error: ${path.join(root, MALFORMED[name].position!)}\nhint: fix the drill file; \`crisis validate FILE\` lists every problem\n`,
    );
  });

  // A YAML syntax error is placed through the LineCounter (error.pos), not linePos. One line, "error:" once.
  it('bad-yaml: stderr says file:line:col', () => {
    expect(runs.malformed['bad-yaml']!.stderr).toMatch(
      /^error: \S*bad-yaml\.yaml:\d+:\d+: (?!error)[^\n]* \[yaml\.syntax\]( \(and \d+ more\))?\nhint: [^\n]*\n$/,
    );
  });
});
