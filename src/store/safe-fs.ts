import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  writevSync,
  type Stats,
} from 'node:fs';
import { say, type Said } from '../text/messages.js';
import * as path from 'node:path';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_NONBLOCK } = constants;

/** An error with a code, like the ones node:fs throws, so callers map every failure the same way. */
const codeError = (code: string, message: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: ${message}`), { code });

/** Write every part in order: up to 512 at a time with writev, a short write finished part by part. */
function writeParts(fd: number, parts: readonly Uint8Array[]): void {
  for (let i = 0; i < parts.length; i += 512) {
    const batch = parts.slice(i, i + 512);
    let done = writevSync(fd, batch as Uint8Array[]);
    for (const part of batch) {
      if (done >= part.length) {
        done -= part.length;
        continue;
      }
      let written = done;
      done = 0;
      while (written < part.length) written += writeSync(fd, part, written, part.length - written);
    }
  }
}

/**
 * Write a file so that a reader (or a crash, or a full disk) sees the old
 * content or the new, never a mix: a temp file with a random name beside the
 * target, created with O_EXCL|O_NOFOLLOW (a planted symlink or file under
 * that name is refused, not followed), written, fsync'd, then renamed over
 * the target. rename replaces a symlink at `file` itself, never its target.
 */
export function writeFileAtomic(
  file: string,
  /** the bytes, or their parts in order (written as they are, not joined first) */
  content: string | Uint8Array | readonly Uint8Array[],
  /** durable: false skips the fsyncs, for a cache that is checked on every read (still never half-written) */
  options: { followTarget?: boolean; durable?: boolean; mode?: number } = {},
): void {
  // An output the operator names (-o) may be a symlink they made on purpose, or a device (-o /dev/stdout):
  // write where the link points, and write a non-regular file in place (a device cannot be replaced).
  if (options.followTarget) {
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(file);
    } catch {
      st = undefined;
    }
    if (st && !st.isFile() && !st.isDirectory())
      return void writeFileSync(
        file,
        Array.isArray(content) ? Buffer.concat(content) : (content as string | Uint8Array),
      );
    if (st?.isFile()) file = realpathSync(file);
  }
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomHex(6)}.tmp`);
  const parts = typeof content === 'string' ? [Buffer.from(content)] : Array.isArray(content) ? content : [content];
  const fd = openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, options.mode ?? 0o666);
  try {
    try {
      writeParts(fd, parts as readonly Uint8Array[]);
      if (options.durable !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      /* renamed or never written */
    }
    throw error;
  }
  if (options.durable !== false) syncDir(dir);
}

/**
 * Whether writeFileAtomic could write `file` now: its temp file is made in the folder (O_EXCL|O_NOFOLLOW, as
 * writeFileAtomic makes it) and removed at once. Throws what making it threw (EACCES, EROFS, ENOSPC …). A real try,
 * not access(2): root passes access(W_OK) in a folder that refuses every new file (/sys).
 */
export function probeWrite(file: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomHex(6)}.tmp`);
  closeSync(openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666));
  unlinkSync(tmp);
}

/**
 * Make `file` with its first content in one step: the content is written whole to a temp file beside it
 * (O_EXCL|O_NOFOLLOW), fsync'd when `durable`, then hard-linked into place, which fails with EEXIST if `file`
 * exists (it is never replaced). A crash or a signal leaves `file` whole or absent, never empty or half-written.
 * Returns a descriptor of the new file, open for writing (the temp file's own: nobody can swap it in between).
 */
export function createWithContent(file: string, content: string, options: { durable: boolean }): number {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomHex(6)}.tmp`);
  const fd = openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
  try {
    const bytes = Buffer.from(content);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    if (options.durable) fsyncSync(fd);
    linkSync(tmp, file);
  } catch (error) {
    closeSync(fd);
    throw error;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* never made */
    }
  }
  if (options.durable) syncDir(dir);
  return fd;
}

/**
 * `bytes` random bytes in hex. node:crypto is loaded by the first write, not when this module is: a command that
 * only reads (a `status` listing from its index) does not pay for it (3 to 6 ms on the bench machine).
 */
function randomHex(bytes: number): string {
  return process.getBuiltinModule('node:crypto').randomBytes(bytes).toString('hex');
}

/** The rename is durable once the directory is; some file systems refuse a directory fsync, which is fine. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, O_RDONLY);
    fsyncSync(fd);
  } catch {
    /* best effort */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * `mkdir -p`: `dir` and every missing folder above it, each with `mode`. Returns the first folder it made (as
 * mkdirSync's recursive option does), undefined when `dir` was there. Not Node's recursive mkdir, which loops for
 * ever on Node 20 where a folder cannot be made in a parent that exists (`/proc/x`: mkdir says ENOENT, the parent is
 * found there, the mkdir is tried again): here each folder is made once, from the first one that exists down, and the
 * first that fails throws its error, its `path` the folder (ENOENT in /proc, EROFS, EACCES, ENOTDIR under a file).
 */
export function makeDirs(dir: string, mode = 0o777): string | undefined {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    let st: Stats | undefined;
    try {
      st = statSync(at);
    } catch {
      // Not there, a file on the way, a folder that may not be searched: its mkdir below says which, and where.
    }
    if (st !== undefined && !st.isDirectory())
      throw Object.assign(codeError('ENOTDIR', `${at} is not a directory`), { path: at });
    if (st !== undefined || path.dirname(at) === at) break;
    missing.push(at);
  }
  let made: string | undefined;
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder, { mode });
      made ??= folder;
    } catch (error) {
      // Made meanwhile by another process is fine; a file or a dangling symlink under that name is not.
      if (
        (error as NodeJS.ErrnoException).code !== 'EEXIST' ||
        !statSync(folder, { throwIfNoEntry: false })?.isDirectory()
      )
        throw error;
    }
  }
  return made;
}

/**
 * A directory the tool writes into under the log dir: created if missing,
 * then checked with lstat to be a real directory (not a symlink planted to
 * send files elsewhere) owned by this user.
 */
export function ensureRealDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o777 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) throw codeError('ESYMLINK', `${dir} is a symbolic link, not a directory`);
  if (!st.isDirectory()) throw codeError('ENOTDIR', `${dir} is not a directory`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw codeError('EOWNER', `${dir} belongs to another user (uid ${st.uid})`);
}

/**
 * Read a file that may be hostile: not through a symlink (unless allowed),
 * only a regular file (a FIFO would block, /dev/zero never ends), at most
 * `limit` bytes. O_NONBLOCK keeps the open itself from hanging on a FIFO.
 */
export function readRegularFile(file: string, limit: number, options: { followSymlinks?: boolean } = {}): Buffer {
  const fd = openToRead(file, options);
  try {
    return readOpenedFile(fd, file, fstatSync(fd), limit);
  } finally {
    closeSync(fd);
  }
}

/**
 * Open a file to read it, as readRegularFile does (O_NONBLOCK, O_NOFOLLOW unless symlinks are allowed): a caller
 * that judges the file before reading it (its owner, its mode) judges the descriptor's fstat, the file it reads,
 * not the path, which may be swapped between a stat and the open.
 */
export function openToRead(file: string, options: { followSymlinks?: boolean } = {}): number {
  const flags = O_RDONLY | O_NONBLOCK | (options.followSymlinks ? 0 : O_NOFOLLOW);
  try {
    return openSync(file, flags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw codeError('ESYMLINK', `${file} is a symbolic link; refused`);
    throw error;
  }
}

/**
 * The bytes of an opened file whose fstat is `st`: a regular file of at most `limit` bytes, else refused.
 */
export function readOpenedFile(fd: number, file: string, st: Stats, limit: number): Buffer {
  if (!st.isFile()) throw codeError('ENOTREG', `${file} is not a regular file`);
  if (st.size > limit) throw codeError('EFBIG', `${file} is ${st.size} bytes; the limit is ${limit}`);
  const chunks: Buffer[] = [];
  let total = 0;
  // Sized from fstat (one byte more shows growth): one read and no copy for the common unchanging file.
  let want = Math.min(st.size + 1, limit + 1);
  for (;;) {
    const size = Math.max(1, Math.min(want, limit + 1 - total));
    const chunk = Buffer.allocUnsafe(size);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    // A short read is most likely the end: the read that confirms it need not allocate a megabyte.
    want = n < chunk.length ? 4096 : 1 << 20;
    total += n;
    // The file grew while we read it: bounded all the same.
    if (total > limit) throw codeError('EFBIG', `${file} is over the limit of ${limit} bytes`);
    chunks.push(chunk.subarray(0, n));
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** What a `readRegularFile` refusal means, in words for an error message. */
export function refusalReason(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ESYMLINK' || code === 'ENOTREG' || code === 'EFBIG' || code === 'EOWNER')
    return (error as Error).message.replace(/^\w+: /, '');
  return undefined;
}

/** The same refusal as a catalogued sentence: the details in English, the kind of refusal in other languages. */
export function refusalSaid(error: unknown): Said | undefined {
  const reason = refusalReason(error);
  if (reason === undefined) return undefined;
  const code = (error as NodeJS.ErrnoException).code as 'ESYMLINK' | 'ENOTREG' | 'EFBIG' | 'EOWNER';
  return { ...say(`error.refused.${code}`), en: reason };
}
