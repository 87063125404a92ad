import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readlink, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { OutputError } from './errors.js';

/**
 * Writing the report files. The output folder's default name comes from the bundle, and it may sit in a shared
 * folder where someone else planted links: nothing here follows a link at an output path, writes through a device,
 * FIFO or procfs file, or leaves a half-written file under the final name.
 */

/** Pseudo filesystems that hold no report files; writing there could change the system or block forever. */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

/** Where a path really is: its deepest existing ancestor with links resolved, and the rest as written. */
async function realLocation(path: string): Promise<string> {
  const full = resolve(path);
  const rest: string[] = [];
  for (let at = full; ; at = dirname(at)) {
    try {
      return join(await realpath(at), ...rest.reverse());
    } catch {
      if (dirname(at) === at) return full;
      rest.push(basename(at));
    }
  }
}

/** Refuses a path under /proc, /sys or /dev, as written or once links are resolved. */
export async function refuseSystemPath(path: string, what: string): Promise<void> {
  for (const place of [resolve(path), await realLocation(path)]) {
    const root = SYSTEM_ROOTS.find((r) => place === r || place.startsWith(`${r}${sep}`));
    if (root) throw new OutputError(`Cannot write ${what} to "${path}": ${root} holds ${root === '/dev' ? 'devices' : 'kernel state'}, not files`, 'a folder on a normal filesystem');
  }
}

/**
 * Makes sure `dir` is a folder to write the reports into, creating it when missing. A link there is followed only
 * when the user named the folder (`-o`): a default name comes from the bundle's name, and a link planted at it
 * would send the reports somewhere else.
 */
export async function prepareOutputDir(dir: string, named: boolean): Promise<void> {
  await refuseSystemPath(dir, 'the report');
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(error, dir, 'the report');
    try {
      await mkdir(dir, { recursive: true });
    } catch (made) {
      throw outputError(made, dir, 'the report');
    }
    return;
  }
  if (info.isSymbolicLink()) {
    const target = await readlink(dir).catch(() => '?');
    if (!named) {
      throw new OutputError(`Output folder "${dir}" is a symbolic link to "${target}": not followed, since the folder's name came from the bundle`, 'a real folder, or the folder named with -o');
    }
    const followed = await stat(dir).catch((error: unknown) => {
      throw outputError(error, dir, 'the report');
    });
    if (!followed.isDirectory()) throw new OutputError(`Cannot write the report to "${dir}": it links to "${target}", which is not a folder`, 'a folder');
    return;
  }
  if (!info.isDirectory()) throw new OutputError(`Cannot write the report to "${dir}": it is ${kindOf(info)}, not a folder`, 'a folder, or a path where one can be made');
}

/**
 * Writes a file through a temporary name in the same folder, created exclusively (so no link or FIFO at that name
 * is opened), then renamed over the final name: a link at the final name is replaced, never followed, and the file
 * is never seen half-written. `mode` applies from the first byte (0600 for the redaction map).
 */
export async function writeFileSafely(path: string, chunks: Iterable<string>, mode = 0o644): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let file: Awaited<ReturnType<typeof open>> | null = null;
  try {
    file = await open(temp, 'wx', mode);
    for (const chunk of chunks) await file.write(chunk);
    await file.close();
    file = null;
    await rename(temp, path);
  } catch (error) {
    await file?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw outputError(error, path, basename(path));
  }
}

/** The report files, each written with {@link writeFileSafely} into a prepared folder; returns their paths. */
export async function writeReports(dir: string, named: boolean, files: readonly { file: string; chunks: Iterable<string> }[]): Promise<string[]> {
  await prepareOutputDir(dir, named);
  const written: string[] = [];
  for (const f of files) {
    const path = join(dir, f.file);
    await writeFileSafely(path, f.chunks);
    written.push(path);
  }
  return written;
}

/** `--redact-map`: readable by its owner only, replacing (never following) whatever is at the path. */
export async function writeRedactionMap(path: string, text: string): Promise<void> {
  await refuseSystemPath(path, 'the redaction map');
  const info = await lstat(path).catch(() => null);
  if (info?.isDirectory()) throw new OutputError(`Cannot write the redaction map to "${path}": it is a folder`, 'a file path');
  await writeFileSafely(path, [text], 0o600);
}

function kindOf(info: { isFile(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (info.isFile()) return 'a file';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a folder';
}

/** A file system error as one line: what could not be written, and why in words. */
function outputError(error: unknown, path: string, what: string): OutputError {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the filesystem is read-only',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'something is in the way',
    EISDIR: 'a folder is in the way',
    ENOTEMPTY: 'a folder is in the way',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many levels of symbolic links',
    ENOENT: 'a folder on the path does not exist',
  };
  return new OutputError(`Cannot write ${what} to "${path}": ${why[code] ?? (error as Error).message}`, 'a writable folder');
}
