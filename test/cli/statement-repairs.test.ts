/**
 * The notes on statement files repaired from the log name each channel as people read it (官网 in Chinese, not
 * the id `website`) with its file in the session folder; a playbook's own channel, which the catalogue has no
 * word for, by its id.
 */
import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/cli/context.js';
import { reportStatementRepairs } from '../../src/cli/statement-files.js';

function notes(lang: 'en' | 'zh'): string[] {
  const lines: string[] = [];
  const ctx = { lang, err: (line = '') => void lines.push(line) } as unknown as Ctx;
  reportStatementRepairs(ctx, {
    written: [
      { channel: 'website', name: 'website' },
      { channel: 'press-kit', name: 'press-kit' },
    ],
    rewritten: [
      { channel: 'social', name: 'social' },
      { channel: 'email', name: 'email.notify-staff' },
    ],
    removed: [{ channel: 'website', name: 'website.holding-statement' }],
    failed: [{ channel: 'hotline', name: 'hotline', reason: 'EACCES' }],
  });
  return lines;
}

describe('statement repair notes', () => {
  it('Chinese: channels in words, each with its file', () => {
    expect(notes('zh')).toEqual([
      '提示：已按日志补写缺失的声明文件：官网（statements/website.md）、press-kit（statements/press-kit.md）',
      '提示：已按日志重写与之不一致的声明文件：社交媒体（statements/social.md）、邮件（statements/email.notify-staff.md）',
      '提示：已删除本会话不再使用该文件名的旧声明文件：官网（statements/website.holding-statement.md）',
      '警告：无法按日志重写客服热线声明文件（EACCES）',
    ]);
  });

  it('English: the channel and its file', () => {
    expect(notes('en')).toEqual([
      'note: wrote missing statement file(s) from the log: website (statements/website.md), press-kit (statements/press-kit.md)',
      'note: rewrote statement file(s) that disagreed with the log: social (statements/social.md), email (statements/email.notify-staff.md)',
      'note: removed statement file(s) the session no longer writes under that name: website (statements/website.holding-statement.md)',
      'warning: the hotline statement file could not be rewritten from the log (EACCES)',
    ]);
  });
});
