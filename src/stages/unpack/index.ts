import { createReadStream } from 'node:fs';
import { lstat, open, readdir, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import fg from 'fast-glob';
import pLimit from 'p-limit';
import { InputError } from '../../errors.js';
import type { BundleFormat } from '../../model/bundle.js';
import type { Diagnostic } from '../../model/common.js';
import type { SysdumpLog } from '../../model/misc.js';
import { ciliumSysdumpLog } from '../../parsers/cilium-sysdump-log.js';
import { chain, ScanContext, StopScan } from './context.js';
import { DiagnosticLog } from './diagnostics.js';
import { locate } from './paths.js';
import { isGzip, readTar } from './tar.js';
import { DEFAULT_LIMITS, type BundleEntry, type BundleFs, type ScanSummary, type UnpackLimits, type Visitor } from './types.js';
import { readZip, zipDeclaredBytes, zipDirectory, zipNames } from './zip.js';

export { locate, type Location } from './paths.js';
export type { BundleEntry, BundleFs, ScanOptions, ScanSummary, UnpackLimits, Visitor } from './types.js';

export interface OpenOptions {
  limits?: Partial<UnpackLimits>;
  /** Members read at once (zip and folders). */
  concurrency?: number;
  /**
   * Progress of a scan: bytes done against the total, both in `unit`: a zip's unpacked bytes (the central directory
   * declares them), a tar or tar.gz file's own bytes (the packed size is all that is known ahead), a folder's bytes.
   */
  onBytes?: (done: number, total: number | null, unit: 'unpacked' | 'packed') => void;
}

/**
 * Opens a bundle: the zip `cilium sysdump` writes, a tar.gz/tgz/tar re-pack, or a folder. The format is found
 * from the first bytes, never the name. Rejects with an InputError when the path is none of these.
 */
export async function openBundle(input: string, options: OpenOptions = {}): Promise<BundleFs> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const concurrency = options.concurrency ?? 4;
  const path = resolve(input);
  const name = basename(path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputError(`Unreadable bundle "${input}": ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`, 'a .zip, .tar.gz, .tar or folder from `cilium sysdump`');
  }
  const progress = options.onBytes;
  if (info.isDirectory()) {
    await refuseFolderOfBundles(path, input);
    return bundleFs(name, 'dir', limits, 0, (ctx) => readDir(ctx, path, concurrency), progress && ((done) => progress(done, null, 'unpacked')));
  }
  if (!info.isFile()) throw new InputError(`Unreadable bundle "${input}": not a file or folder`, 'a .zip, .tar.gz, .tar or folder from `cilium sysdump`');

  const head = await readHead(path, 512);
  const format = detect(head);
  if (!format) {
    throw new InputError(`Unknown bundle format for "${input}"`, 'a zip, tar.gz, tar or folder from `cilium sysdump`', describeHead(head));
  }
  if (format === 'zip') {
    const directory = zipDirectory(path);
    const total = progress ? await zipDeclaredBytes(directory) : null;
    return bundleFs(name, 'zip', limits, info.size, (ctx) => readZip(ctx, path, concurrency, directory), progress && ((done) => progress(done, total, 'unpacked')), () => zipNames(directory, limits.maxNameLength));
  }
  return bundleFs(
    name,
    format,
    limits,
    info.size,
    (ctx) => readTar(ctx, ctx.onBytes ? chain(fileStream(path), ctx.progressCounter()) : fileStream(path), null, 0),
    progress && ((done) => progress(done, info.size, 'packed')),
  );
}

/**
 * A folder that holds bundle archives and no unpacked sysdump is a folder of bundles (a download folder), not a
 * bundle: reading it would make one report of nothing, or mix several clusters' files. Only the top level is
 * looked at, and only the first bytes of its files.
 */
async function refuseFolderOfBundles(path: string, input: string): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch {
    return;
  }
  if (entries.some((e) => ROOT_MARKERS.some((re) => re.test(e.name)))) return;
  const folders = entries.filter((e) => e.isDirectory()).slice(0, 50);
  for (const f of folders) {
    try {
      if ((await readdir(`${path}/${f.name}`)).some((n) => ROOT_MARKERS.some((re) => re.test(n)))) return;
    } catch {
      // unreadable subfolder: the scan reports it
    }
  }
  const bundles: string[] = [];
  for (const e of entries.filter((x) => x.isFile()).slice(0, 200)) {
    try {
      if (detect(await readHead(`${path}/${e.name}`, 512))) bundles.push(e.name);
    } catch {
      // unreadable file: not counted
    }
  }
  if (bundles.length === 0) return;
  bundles.sort();
  const shown = `${bundles.slice(0, 3).join(', ')}${bundles.length > 3 ? `, and ${bundles.length - 3} more` : ''}`;
  throw new InputError(
    bundles.length === 1
      ? `"${input}" is a folder holding one bundle archive (${shown}), not an unpacked sysdump`
      : `"${input}" is a folder holding ${bundles.length} bundle archives (${shown}), not one unpacked sysdump`,
    bundles.length === 1 ? 'the archive itself as the bundle argument' : 'one bundle: run cilium-report on each archive, or cilium-report diff <old> <new> to compare two',
  );
}

/** Zip by its local or end-of-central-directory signature; tar by `ustar` at 257; gzip by 1f 8b. */
export function detect(head: Buffer): BundleFormat | null {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) return 'zip';
  if (isGzip(head)) return 'tar.gz';
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  return null;
}

function describeHead(head: Buffer): string {
  if (head.length === 0) return 'an empty file';
  const text = head.subarray(0, 32).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return `a file starting with "${text}"`;
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

function fileStream(path: string): Readable {
  return createReadStream(path, { highWaterMark: 1 << 20 });
}

function bundleFs(
  name: string,
  format: BundleFormat,
  limits: UnpackLimits,
  packedBytes: number,
  read: (ctx: ScanContext) => Promise<void>,
  onBytes?: (done: number) => void,
  names: () => Promise<readonly string[] | null> = async () => null,
): BundleFs {
  return {
    name,
    format,
    names,
    async scan(visit, scanOptions) {
      // Progress is the report's first pass; a re-read of cited files (only) is not drawn.
      const ctx = new ScanContext(name, limits, visit, (c, stream, prefix, depth) => readTar(c, stream, prefix, depth), packedBytes, scanOptions?.only, scanOptions?.only ? undefined : onBytes);
      try {
        await read(ctx);
      } catch (error) {
        if (!(error instanceof StopScan)) throw error;
      }
      return ctx.summary();
    },
    async close() {},
  };
}

/** A folder: every regular file under it; links are listed and skipped, never followed. */
async function readDir(ctx: ScanContext, root: string, concurrency: number): Promise<void> {
  const entries = await fg('**', { cwd: root, dot: true, onlyFiles: false, followSymbolicLinks: false, objectMode: true, markDirectories: false });
  entries.sort((a, b) => a.path.localeCompare(b.path));
  const limit = pLimit(concurrency);
  await Promise.all(
    entries.map((e) =>
      limit(async () => {
        if (ctx.stopped) return;
        const full = `${root}/${e.path}`;
        const info = await lstat(full);
        if (info.isDirectory()) return;
        if (info.isSymbolicLink() || !info.isFile()) {
          await ctx.offer(e.path, 0, () => fileStream(full), null, 0, 'link');
          return;
        }
        // A folder's files are its packed size: the budget grows with them, and a .tar.gz among them draws on it.
        ctx.budget.addPacked(info.size);
        await ctx.offer(e.path, info.size, () => chain(fileStream(full), ctx.totalCounter(), ...(ctx.onBytes ? [ctx.progressCounter()] : [])), null, 0);
      }).catch((error: unknown) => {
        if (!(error instanceof StopScan)) throw error;
      }),
    ),
  );
}

/** What the unpack stage knows of a bundle after one scan. */
export interface BundleIndex {
  name: string;
  format: BundleFormat;
  /** Virtual path of the sysdump root folder (found by its content), '' when the files sit at the top, null when none. */
  root: string | null;
  /** The sysdump `<ts>`, e.g. `20240513-141502`. */
  timestamp: string | null;
  /** `<ts>` as ISO 8601 without a zone (cilium-cli writes its machine's local time). */
  collectedAt: string | null;
  ciliumCliVersion: string | null;
  sysdumpLog: SysdumpLog | null;
  files: { path: string; size: number }[];
  /** Agent pods and their bugtool folder or unextracted archive. */
  agents: { pod: string; folder: string; archive: boolean }[];
  diagnostics: Diagnostic[];
}

const TS = /(\d{8})-(\d{6})/;
const ROOT_MARKERS = [/^cilium-sysdump\.log$/, /^k8s-nodes-\d{8}-\d{6}\.yaml$/, /^(?:cilium-)?bugtool-.+-\d{8}-\d{6}(?:\.tar(?:\.gz)?|\.tgz)?$/, /^ciliumnodes-\d{8}-\d{6}\.yaml$/, /^nodes-\d{8}-\d{6}\.json$/];

/**
 * Runs one scan, calling `visit` for every file, and builds the index from what goes by. The index reads only
 * `cilium-sysdump.log` itself; the visitor gets that file too, over the same buffer.
 */
export async function scanBundle(fs: BundleFs, visit: Visitor): Promise<{ index: BundleIndex; summary: ScanSummary }> {
  const files: { path: string; size: number }[] = [];
  const rootVotes = new Map<string, number>();
  const agents = new Map<string, { pod: string; folder: string; archive: boolean }>();
  const logs: { path: string; log: SysdumpLog }[] = [];
  const diagnostics = new DiagnosticLog();

  const summary = await fs.scan(async (entry) => {
    files.push({ path: entry.path, size: entry.size });
    const place = locate(entry.path);
    if (place.scope === 'agent') {
      if (!agents.has(place.pod)) agents.set(place.pod, { pod: place.pod, folder: place.folder, archive: place.folder.includes('.tar') || place.folder.endsWith('.tgz') });
      const parent = place.folder.includes('/') ? place.folder.slice(0, place.folder.lastIndexOf('/')) : '';
      rootVotes.set(parent, (rootVotes.get(parent) ?? 0) + 0.001);
    } else if (ROOT_MARKERS.some((re) => re.test(place.name)) && !entry.path.includes('!/')) {
      rootVotes.set(place.dir, (rootVotes.get(place.dir) ?? 0) + 1);
    }
    if (place.scope === 'root' && place.name === 'cilium-sysdump.log' && !entry.path.includes('!/')) {
      const buffer = await entry.read();
      const parsed = ciliumSysdumpLog.parse(buffer.toString('utf8'), entry.path);
      if (parsed.data) logs.push({ path: entry.path, log: parsed.data });
      for (const item of parsed.diagnostics) diagnostics.push(item);
      await visit(replay(entry, buffer));
      return;
    }
    await visit(entry);
  });

  const ranked = [...rootVotes].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length);
  const root = ranked[0]?.[0] ?? null;
  if (ranked.length > 1 && (ranked[1]?.[1] ?? 0) >= 1) {
    diagnostics.push({ file: fs.name, line: null, level: 'warning', message: `Too many sysdump roots: "${root}" is used, "${ranked[1]?.[0]}" is ignored` });
  }
  if (root === null) diagnostics.push({ file: fs.name, line: null, level: 'error', message: 'Missing sysdump content: no cilium-sysdump.log, k8s-nodes-<ts>.yaml or cilium-bugtool-* found' });
  const sysdumpLog = logs.find((l) => parentOf(l.path) === root)?.log ?? logs[0]?.log ?? null;
  const timestamp = findTimestamp(root, files);
  return {
    index: {
      name: fs.name,
      format: fs.format,
      root,
      timestamp,
      collectedAt: timestamp ? `${timestamp.slice(0, 4)}-${timestamp.slice(4, 6)}-${timestamp.slice(6, 8)}T${timestamp.slice(9, 11)}:${timestamp.slice(11, 13)}:${timestamp.slice(13, 15)}` : null,
      ciliumCliVersion: sysdumpLog?.cliVersion ?? null,
      sysdumpLog,
      files,
      agents: [...agents.values()].sort((a, b) => a.pod.localeCompare(b.pod)),
      diagnostics: diagnostics.list(),
    },
    summary,
  };
}

function parentOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** The `<ts>` shared by the root folder and every cluster-level file name (sysdump-format.md §1.1). */
function findTimestamp(root: string | null, files: readonly { path: string }[]): string | null {
  const fromRoot = root ? TS.exec(root.slice(root.lastIndexOf('/') + 1)) : null;
  if (fromRoot) return `${fromRoot[1]}-${fromRoot[2]}`;
  for (const f of files) {
    const name = f.path.slice(f.path.lastIndexOf('/') + 1);
    const m = /^(?:k8s-nodes|k8s-pods|ciliumnodes|k8s-version)-(\d{8})-(\d{6})\./.exec(name);
    if (m && parentOf(f.path) === root) return `${m[1]}-${m[2]}`;
  }
  return null;
}

/** The same entry again over content already read. */
function replay(entry: BundleEntry, buffer: Buffer): BundleEntry {
  return {
    path: entry.path,
    size: buffer.length,
    read: async () => buffer,
    stream: () => ({
      async *[Symbol.asyncIterator]() {
        yield buffer;
      },
    }),
  };
}
