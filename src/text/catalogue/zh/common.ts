import type { en } from '../common.js';

/** The Chinese of catalogue/common.ts, typed by its English: a key missing or extra fails the typecheck. */
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
  'language.en': '英文',
  'language.zh': '中文',
  'unit.s': '秒',
  'unit.m': '分钟',
  'unit.h': '小时',
  'unit.d': '天',
  'time.every': '每{duration}',
  'time.dateTime': '{y}年{mo}月{d}日 {h}:{mi}',
  'time.date': '{y}年{mo}月{d}日',
};
