import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/paths.js';
import { hasTmux, openTerminal, type Terminal } from '../helpers/pty.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A whole product-quality session in `--lang zh` at a real terminal (tmux):
 * every prompt is answered as it comes (the walk reads the question and
 * answers by the input's type), a few steps take the other menu entries
 * (note, decision, blocked, handover, assign, undo, go to, skip), and every
 * screen is scanned for English words. Allowed: ids (steps, roles, inputs,
 * channels, events, the session), paths, the command the tool prints, and
 * the keys and units the operator types (TODO:, $EDITOR, 10m).
 */

interface PlanInput {
  id: string;
  type: string;
  label: { en: string; zh?: string };
}
interface PlanJson {
  roles: Array<{ id: string }>;
  phases: Array<{
    id: string;
    steps: Array<{ id: string; inputs?: PlanInput[]; statement?: Record<string, unknown> }>;
  }>;
}

const KEY_HELP = '↑↓ 移动 • ⏎ 选择';
const lines = (t: string) => t.split('\n');
const lastLine = (t: string) => lines(t).at(-1) ?? '';
const lastQuestion = (t: string) => [...lines(t)].reverse().find((l) => l.startsWith('? ')) ?? '';
/** Inquirer leaves one `✔ question answer` line for each prompt answered. */
const answered = (t: string) => lines(t).filter((l) => l.startsWith('✔ ')).length;

/** Brand names the playbook's Chinese text uses as they are. */
const BRANDS = ['Instagram', 'TikTok'];

/** What is left of a line once everything allowed to be Latin is taken out. */
function englishIn(line: string, ids: ReadonlySet<string>): string[] {
  const rest = line
    .replace(/\b[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)+\b/g, ' ') // a time zone's name (Asia/Shanghai)
    .replace(/\b[\w.@+-]+(?:\/[\w.@+-]+)+\.[a-z]+\b/g, ' ') // relative paths to a file (logs/…/website.md)
    .replace(/(?:\/[\w.@+-]+)+\/?/g, ' ') // paths
    .replace(/\d{8}-\d{6}-[a-z0-9-]+-[0-9a-f]{4}/g, ' ') // session ids
    .replace(/\[[a-z0-9-]+\]/g, ' ') // a statement's unfilled hole, named by its fact id
    .replace(/\bcrisis(?:\.js)? [a-z]+\b/g, ' ') // the command the tool prints (crisis review ID)
    .replace(/\b[a-z]+\.[a-z]+\b/g, (w) => (ids.has(w) ? ' ' : w)) // event types
    .replace(/\b\d+[smhd]\b/g, ' ') // durations typed as 10m, 1h
    .replace(/\bT\+\d/g, ' ')
    .replace(/\b(?:UTC|GMT)(?:[+-]\d{1,2}(?::\d{2})?)?\b/g, ' ') // a time zone by its name or offset (UTC, GMT+8)
    .replace(/TODO:|\$EDITOR|\bEsc\b|\by\/n\b/g, ' ')
    .replace(/^EXIT=\d+$/, ' '); // the test's own shell
  return (rest.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []).filter(
    (w) => !ids.has(w) && !BRANDS.includes(w) && /[A-Za-z]{2,}/.test(w),
  );
}

describe('the English scan of a screen line', () => {
  const ids = new Set(['tf-name-leads']);
  it('finds English words, and lets ids, paths, session ids, commands and typed keys through', () => {
    expect(englishIn('✔ 产品是否可能危及人身或财产安全？ Yes', ids)).toEqual(['Yes']);
    expect(englishIn('  done 57, skipped 1 of 58 steps', ids)).toEqual(['done', 'skipped', 'of', 'steps']);
    expect(englishIn('── website ──', ids)).toEqual(['website']);
    expect(englishIn('时限 T+00:30（duty-cn-report）', ids)).toEqual(['duty-cn-report']);
    expect(englishIn('  ✓ 已记录 #2 完成步骤 tf-name-leads', ids)).toEqual([]);
    expect(englishIn('  ✓ 已记录 #2 step.completed tf-name-leads', ids)).not.toEqual([]);
    expect(englishIn('  “2026-11-30 18:00”按本机时区 UTC（GMT+0）的时间理解', ids)).toEqual([]);
    expect(englishIn('  按本机时区 Asia/Shanghai（GMT+8）', ids)).toEqual([]);
    expect(englishIn('日志：/tmp/x/logs/20261130-194902-product-quality-88ce.jsonl', ids)).toEqual([]);
    expect(englishIn('  已写入 logs/20261130-194902-product-quality-88ce/statements/website.md', ids)).toEqual([]);
    expect(englishIn('下一步：crisis review 20261130-194902-product-quality-88ce', ids)).toEqual([]);
    expect(englishIn('添加备注（以 TODO: 开头表示待办） 多久后回访（如 10m、1h）： 在 $EDITOR 中编辑', ids)).toEqual(
      [],
    );
    expect(englishIn('Instagram、TikTok）上的相关讨论', ids)).toEqual([]);
    expect(englishIn('[org-company] 新闻发言人', ids)).toEqual([]);
  });
});

describe.skipIf(!hasTmux)('a whole product-quality session in --lang zh', () => {
  it('shows no English word on any screen from the first step to the end', { timeout: 900_000 }, async () => {
    const root = tempDir('crisis-zh-walk-');
    const logDir = path.join(root, 'logs');
    const env = cleanEnv(tempDir('crisis-zh-walk-home-'), { CRISIS_LOG_DIR: logDir });
    const plan = JSON.parse(
      execFileSync(process.execPath, [BIN, 'show', 'product-quality', '--json'], { env, encoding: 'utf8' }),
    ) as PlanJson;
    const steps = plan.phases.flatMap((p) => p.steps);
    const inputs = steps.flatMap((s) => s.inputs ?? []);
    const ids = new Set<string>([
      ...plan.roles.map((r) => r.id),
      ...plan.phases.map((p) => p.id),
      ...steps.map((s) => s.id),
      ...inputs.map((i) => i.id),
      // the facts a statement's holes name, some from the organisation profile rather than an input
      ...[...JSON.stringify(plan).matchAll(/\{\{([a-z0-9-]+)\}\}/g)].map((m) => m[1]!),
      // no event types: each "✓ 已记录" names its event in Chinese (完成步骤), where it said step.completed
      'product-quality',
    ]);
    // the longest label first, so "Affected batches" wins over "Affected"
    const byLabel = inputs
      .map((i) => ({ label: i.label.zh ?? i.label.en, input: i }))
      .sort((a, b) => b.label.length - a.label.length);
    const valueFor = (question: string): string => {
      const input = byLabel.find((l) => question.startsWith(`? ${l.label}`))?.input;
      switch (input?.type) {
        case 'person':
          return '王芳';
        case 'number':
          return '120';
        case 'date':
          return '2026-11-30';
        case 'time':
          return '2026-11-30 18:00';
        default:
          return '已核实';
      }
    };

    const term: Terminal = openTerminal({
      cwd: root,
      env,
      argv: [process.execPath, BIN, '--lang', 'zh', 'start', 'product-quality', '--operator', '李雷'],
    });
    const found = new Map<string, string>();
    const scan = (text: string) => {
      for (const line of lines(text))
        for (const word of englishIn(line, ids)) if (!found.has(word)) found.set(word, line);
    };
    try {
      /** step menus seen so far: a few of them take another entry than Done */
      let menus = 0;
      let done = 0;
      const extra: Record<number, string[]> = {
        2: ['添加备注', 'TODO: 通知客服口径'],
        3: ['记录一项决策', '先停售问题批次', '停售;继续观察', ''],
        4: ['受阻', '等待检测报告'],
        6: ['将角色交接给他人', '', '赵强'],
        7: ['指派给他人', '孙丽', '1m'],
        9: ['撤销上一步操作', '误操作'],
        12: ['跳过', '本次不涉及'],
        16: ['转到另一个未完成的步骤', ''],
      };
      let plan: string[] = [];
      for (let prompts = 0; prompts < 2000; prompts++) {
        const t = await term.waitFor(
          'a prompt or the end',
          (s) =>
            /EXIT=\d+/.test(s) || (answered(s) === done && (lastLine(s) === KEY_HELP || lastLine(s).startsWith('? '))),
          120_000,
        );
        scan(lines(t).slice(-80).join('\n'));
        if (/EXIT=\d+/.test(t)) break;
        const question = lastQuestion(t);
        const select = lastLine(t) === KEY_HELP;
        const pick = (entry: string) => {
          const menu = lines(t.slice(t.lastIndexOf(`\n${question}`) + 1)).slice(1, -1);
          const at = entry ? menu.findIndex((l) => l.includes(entry)) : menu.findIndex((l) => l.startsWith('❯'));
          const cursor = menu.findIndex((l) => l.startsWith('❯'));
          if (at < 0) throw new Error(`no "${entry}" in the menu:\n${menu.join('\n')}`);
          const moves = at - cursor;
          if (moves !== 0) term.keys(...Array<string>(Math.abs(moves)).fill(moves > 0 ? 'Down' : 'Up'));
          term.keys('Enter');
        };
        const type = (text: string) => {
          if (text) term.type(text);
          term.keys('Enter');
        };
        done++;
        if (plan.length > 0) {
          const next = plan.shift()!;
          if (select) pick(next);
          else type(next);
        } else if (select && question.startsWith('? 下一步做什么？')) {
          menus++;
          plan = [...(extra[menus] ?? [])];
          pick(plan.shift() ?? '');
        } else if (select && question.startsWith('? 声明')) {
          pick(
            t.slice(t.lastIndexOf(`\n${question}`)).includes('采用全部渠道的文本')
              ? '采用全部渠道的文本'
              : '填写缺少的事实',
          );
        } else if (select) {
          pick('');
        } else if (/（\[?是\]?\/\[?否\]?）|y\/N|Y\/n/i.test(question)) {
          type('y');
        } else if (question.startsWith('? 审批人')) {
          type('张伟');
        } else {
          type(valueFor(question));
        }
      }
      const end = term.screen();
      // ZH_WALK_SCREEN=FILE keeps the whole walk for reading
      if (process.env.ZH_WALK_SCREEN) writeFileSync(process.env.ZH_WALK_SCREEN, end);
      scan(end);
      expect(end).toContain('EXIT=0');
      expect([...found].map(([word, line]) => `${word}: ${line}`)).toEqual([]);
      const log = readFileSync(
        path.join(logDir, /会话 (\d{8}-\d{6}-product-quality-[0-9a-f]{4}) 已开始/.exec(end)![1]! + '.jsonl'),
        'utf8',
      );
      const types = log
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { type: string }).type);
      expect(types.at(-1)).toBe('session.ended');
      for (const type of ['note.added', 'decision.recorded', 'step.blocked', 'role.handoff', 'step.assigned'])
        expect(types).toContain(type);
      expect(types.filter((t) => t === 'statement.issued').length).toBeGreaterThanOrEqual(2);
    } finally {
      term.kill();
    }
  });
});
