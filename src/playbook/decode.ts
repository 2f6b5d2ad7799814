import { MAX_FILE_BYTES } from './limits.js';
import type { Problem } from './types.js';

/** Decode bytes strictly: a playbook is UTF-8 text, never binary. */
export function decodeSource(bytes: Uint8Array, file: string): { text?: string; problem?: Problem } {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return {
      problem: fileProblem(
        file,
        'file.too-big',
        `file is ${(bytes.byteLength / 1048576).toFixed(1)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB`,
      ),
    };
  }
  if (bytes.includes(0)) return { problem: fileProblem(file, 'file.binary', 'not a text file (contains NUL bytes)') };
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { problem: fileProblem(file, 'file.encoding', 'not valid UTF-8 text') };
  }
}

export function fileProblem(file: string, code: string, message: string): Problem {
  return { file, severity: 'error', code, message };
}
