/** Words shared by every area: severities, target names, units, punctuation. */
export const en = {
  'common.none': 'none',
  'common.yes': 'yes',
  'common.no': 'no',
  /** between list entries */
  'common.listSep': '; ',
  'common.colon': ': ',
  /** a parenthetical after a word */
  'common.aside': ' ({text})',
  'severity.low': 'low',
  'severity.medium': 'medium',
  'severity.high': 'high',
  'severity.critical': 'critical',
  'target.assessment': 'Assessment',
  'target.first-statement': 'First statement',
  'target.update-every': 'Updates',
  /** a reporting duty's legal clock */
  'target.duty': 'Reporting deadline',
  /** said once per plan (show, checklist, start), not in every step's guidance */
  'plan.defaultsNote':
    'every deadline and cadence is a default: tune it to your organisation' +
    ' (a legal reporting deadline: confirm it with counsel)',
  'unit.s': 's',
  'unit.m': 'm',
  'unit.h': 'h',
  'unit.d': 'd',
  'time.every': 'every {duration}',
  /** a local date and time: 2026-11-30 18:00 */
  'time.dateTime': '{y}-{mo}-{d} {h}:{mi}',
  'time.date': '{y}-{mo}-{d}',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'common.none': '无',
  'common.yes': '是',
  'common.no': '否',
  'common.listSep': '；',
  'common.colon': '：',
  'common.aside': '（{text}）',
  'severity.low': '低',
  'severity.medium': '中',
  'severity.high': '高',
  'severity.critical': '严重',
  'target.assessment': '完成评估',
  'target.first-statement': '首次声明',
  'target.update-every': '定时通报',
  'target.duty': '法定报告时限',
  'plan.defaultsNote': '所有时限和通报节奏均为默认值，请结合本单位实际情况调整（法定报告时限请与法律顾问确认）',
  'unit.s': '秒',
  'unit.m': '分钟',
  'unit.h': '小时',
  'unit.d': '天',
  'time.every': '每{duration}',
  'time.dateTime': '{y}年{mo}月{d}日 {h}:{mi}',
  'time.date': '{y}年{mo}月{d}日',
};
