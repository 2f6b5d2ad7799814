import { MAX_FILE_BYTES } from './limits.js';
import type { Problem } from './types.js';
import { problem } from './origin.js';
import { say, type Said } from '../text/messages.js';

/** Decode bytes strictly: a playbook is UTF-8 text, never binary. */
export function decodeSource(bytes: Uint8Array, file: string): { text?: string; problem?: Problem } {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return {
      problem: fileProblem(
        file,
        'file.too-big',
        say('problem.file.tooBig', { size: (bytes.byteLength / 1048576).toFixed(1), limit: MAX_FILE_BYTES / 1048576 }),
      ),
    };
  }
  if (bytes.includes(0)) return { problem: fileProblem(file, 'file.binary', say('problem.file.binary')) };
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { problem: fileProblem(file, 'file.encoding', say('problem.file.encoding')) };
  }
}

export function fileProblem(file: string, code: string, said: Said): Problem {
  return problem({ file, severity: 'error', code }, said);
}
