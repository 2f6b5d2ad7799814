import type { Lang } from '../playbook/types.js';

/** The CLI's own words, in both languages. Kept small on purpose: no framework. */
const en = {
  kinds: { crisis: 'Crisis playbooks', strategy: 'Strategies', review: 'Reviews', drill: 'Drills' },
  columns: { id: 'ID', title: 'TITLE', steps: 'STEPS', source: 'SOURCE' },
  overrides: 'overrides',
  severity: 'severity',
  targets: 'targets',
  owner: 'owner',
  due: 'due',
  onlyIf: 'only if',
  approveBy: 'approved by',
  channels: 'statement on',
  records: 'records',
  strategies: 'strategies',
  steps: 'steps',
  phases: 'phases',
  none: 'none',
  pausePoint: 'pause point',
  modeReadDo: 'read-do',
  modeDoConfirm: 'do-confirm',
} as const;

type Messages = {
  [K in keyof typeof en]: (typeof en)[K] extends string ? string : { [P in keyof (typeof en)[K]]: string };
};

const zh: Messages = {
  kinds: { crisis: '危机预案', strategy: '应对策略', review: '复盘', drill: '演练' },
  columns: { id: 'ID', title: '标题', steps: '步骤', source: '来源' },
  overrides: '覆盖',
  severity: '级别',
  targets: '时限',
  owner: '负责',
  due: '时限',
  onlyIf: '仅当',
  approveBy: '审批',
  channels: '发布渠道',
  records: '记录',
  strategies: '策略',
  steps: '步',
  phases: '阶段',
  none: '无',
  pausePoint: '暂停确认点',
  modeReadDo: '逐项执行',
  modeDoConfirm: '执行后确认',
};

export function messages(lang: Lang): Messages {
  return lang === 'zh' ? zh : en;
}
