import type { MessageKey } from '../../messages.js';
import { zh as checklist } from './checklist.js';
import { zh as cli } from './cli.js';
import { zh as common } from './common.js';
import { zh as drill } from './drill.js';
import { zh as errors } from './errors.js';
import { zh as help } from './help.js';
import { zh as notices } from './notices.js';
import { zh as problems } from './problems.js';
import { zh as review } from './review.js';
import { zh as screen } from './screen.js';

/**
 * The whole Chinese catalogue, loaded only by a run in Chinese (`loadLanguage('zh')` in messages.ts):
 * an English run never parses these 60 KB. Typed by the English keys, so a key missing here fails the typecheck.
 */
const all: typeof common &
  typeof cli &
  typeof checklist &
  typeof screen &
  typeof review &
  typeof notices &
  typeof errors &
  typeof problems &
  typeof drill &
  typeof help = Object.assign({}, common, cli, checklist, screen, review, notices, errors, problems, drill, help);
// Object.assign, not a literal of spreads (5 ms); typed by the areas, so an area left out fails below.
export const zh: Readonly<Record<MessageKey, string>> = all;
