import { Help, type HelpConfiguration } from 'commander';
import { CJK, wrapCjk } from '../render/cjk-wrap.js';
import { plainWidth } from '../render/table.js';

/**
 * How commander's help measures and wraps text in Chinese. commander counts a character as one column and wraps at
 * spaces only: a Chinese description ran past the terminal's edge in one line, and the columns after a Chinese term
 * were out of line. Here a wide character is two columns (help text is plain: ASCII and CJK, which plainWidth
 * measures without string-width) and a Chinese line breaks between characters by the rules of every Chinese screen
 * (render/cjk-wrap.ts). Loaded by main.ts only for a run in Chinese that may print help.
 */
const width = (text: string): number => plainWidth(text) ?? text.length;

export const helpLayout: HelpConfiguration = {
  // `用法： crisis`: commander puts a space after the heading, which a full-width colon has in it already.
  formatHelp(this: Help, command, helper) {
    return Help.prototype.formatHelp.call(this, command, helper).replace(/^(\S*：) /, '$1');
  },
  displayWidth: (text) => width(text),
  boxWrap(this: Help, text: string, columns: number): string {
    if (!CJK.test(text) || columns < this.minWidthToWrap) return Help.prototype.boxWrap.call(this, text, columns);
    return text
      .split('\n')
      .map((line) => (line === '' ? '' : wrapCjk(line, columns, width).join('\n')))
      .join('\n');
  },
};
