import { createReadStream } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import pLimit from 'p-limit';
import { BombError, chain, type ScanContext, StopScan } from './context.js';
import { headOf } from './diagnostics.js';
import { MemberRanges, StreamRatio } from './budget.js';
import { inflateMember } from './member.js';
import { ZLIB_CHUNK } from './tar.js';
import type { PackedContent } from './types.js';
import { decodeName, readAt, readZipDirectory, type ZipDirectory, type ZipMember } from './zip-directory.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Members up to this size (packed and unpacked) are read with one positioned read and inflated in one call on
 * zlib's threadpool. Through 16 KiB reads and a stream chain per member, the plumbing cost the main thread more
 * than the inflating did (bench/profile.md); larger members still stream, so memory stays bounded.
 */
export const ONE_SHOT_BYTES = 16 * 2 ** 20;

/**
 * A zip's central directory, read once per bundle and shared by everything that needs it (the reading plan, the
 * progress total, the overlap check, the scan and any re-scan of cited files).
 */
export function zipDirectory(path: string): () => Promise<ZipDirectory> {
  let read: Promise<ZipDirectory> | null = null;
  return () => {
    read ??= (async () => {
      const file = await openFile(path, 'r');
      try {
        return await readZipDirectory(file, (await file.stat()).size);
      } finally {
        await file.close();
      }
    })();
    return read;
  };
}

/**
 * Reads a zip as `cilium sysdump` writes it (Go archive/zip since cli v0.16.1, mholt/archiver before; ZIP64 for
 * bundles over 4 GiB). The central directory gives random access, so members are inflated several at a time
 * (zlib runs on libuv's threadpool). When the central directory is unreadable (a truncated download), the local
 * file headers are read from the start instead.
 */
export async function readZip(ctx: ScanContext, path: string, concurrency: number, directory: () => Promise<ZipDirectory>): Promise<void> {
  let dir: ZipDirectory;
  try {
    dir = await directory();
  } catch (error) {
    ctx.warn(ctx.bundleName, `Unreadable zip central directory (${(error as Error).message}): reading the local headers from the start instead`, 'error');
    await readZipSequentially(ctx, path);
    return;
  }
  const overlapping = overlappingMembers(dir.members);
  if (overlapping.size > 0) {
    ctx.warn(ctx.bundleName, `Overlapping zip entries: ${overlapping.size} entries share their compressed bytes with another, as a non-recursive zip bomb does; all of them are skipped`, 'error');
  }
  const file = await openFile(path, 'r');
  const limit = pLimit(concurrency);
  const running = new Set<Promise<void>>();
  let failure: unknown = null;
  try {
    const fileSize = (await file.stat()).size;
    for (let i = 0; i < dir.members.length; i++) {
      if (ctx.stopped || failure) break;
      const member = dir.members[i] as ZipMember;
      if (overlapping.has(i)) {
        ctx.entries++;
        const name = member.name;
        ctx.skip(name.length > ctx.limits.maxNameLength ? `${headOf(name, 200)}…` : name, member.uncompressedSize, 'Overlapping zip entry: its data shares bytes with another entry (a zip bomb); skipped', 'error');
        continue;
      }
      // Back-pressure: do not run far ahead of the members being inflated.
      while (running.size >= concurrency * 4) await Promise.race(running);
      // A member nobody reads still counts as done for progress: the total is every member's declared size.
      const task = limit(() => offerMember(ctx, path, file, fileSize, member).then((read) => (read || !ctx.onBytes ? undefined : ctx.advance(member.uncompressedSize)))).catch((error: unknown) => {
        if (!(error instanceof StopScan)) failure = error;
      });
      running.add(task);
      void task.finally(() => running.delete(task));
    }
  } finally {
    // Tasks catch their own errors (failure above), so this waits for every member however the loop ended.
    await Promise.allSettled(running);
    await file.close();
  }
  if (failure) throw failure;
  if (dir.broken && !ctx.stopped) {
    // A directory that breaks part way: the local headers still hold the members it did not list.
    ctx.warn(ctx.bundleName, `Corrupt zip central directory (${dir.broken}): reading the local headers from the start instead`, 'error');
    const offered = new Set(dir.members.map((m) => m.name).filter((name) => name.length <= ctx.limits.maxNameLength));
    await readZipSequentially(ctx, path, offered);
  }
}

/** The unpacked size of a zip's members as its central directory declares them, for progress; null when unreadable. */
export async function zipDeclaredBytes(directory: () => Promise<ZipDirectory>): Promise<number | null> {
  try {
    return (await directory()).members.reduce((total, m) => total + m.uncompressedSize, 0);
  } catch {
    return null;
  }
}

/**
 * The members' names as the central directory lists them (the normalise stage plans from it which outputs to
 * read). Null when the directory cannot be read.
 */
export async function zipNames(directory: () => Promise<ZipDirectory>, maxNameLength: number): Promise<string[] | null> {
  try {
    return (await directory()).members.map((m) => m.name).filter((name) => name.length <= maxNameLength);
  } catch {
    return null;
  }
}

/** Members whose bytes overlap another's (budget.ts): a non-recursive zip bomb. */
function overlappingMembers(members: readonly ZipMember[]): Set<number> {
  const ranges = new MemberRanges();
  for (const m of members) ranges.add(m.offset, m.offset + 30 + m.nameLength + m.compressedSize);
  return ranges.overlapping();
}

/** Offers one member; true when its content was read to the end. */
async function offerMember(ctx: ScanContext, path: string, file: FileHandle, fileSize: number, member: ZipMember): Promise<boolean> {
  const name = member.name;
  if (name.endsWith('/') || name.endsWith('\\')) return false;
  const mode = (member.externalAttributes >>> 16) & S_IFMT;
  if (mode === S_IFLNK) {
    await ctx.offer(name, 0, () => Readable.from([]), null, 0, 'link');
    return false;
  }
  if (member.flags & 0x1) {
    ctx.skip(name, member.uncompressedSize, 'Unsupported encrypted zip entry: skipped');
    return false;
  }
  if (member.method !== 0 && member.method !== 8) {
    ctx.skip(name, member.uncompressedSize, `Unsupported zip compression method ${member.method}: skipped`);
    return false;
  }
  const ratio = member.uncompressedSize / Math.max(member.compressedSize, 1);
  if (member.uncompressedSize > ctx.limits.ratioFloorBytes && ratio > ctx.limits.maxCompressionRatio) {
    ctx.skip(name, member.uncompressedSize, `Too high a compression ratio: ${Math.round(ratio)}:1 (limit maxCompressionRatio ${ctx.limits.maxCompressionRatio}), a likely zip bomb; skipped`, 'error');
    return false;
  }
  const oneShot = member.compressedSize <= ONE_SHOT_BYTES && member.uncompressedSize <= ONE_SHOT_BYTES;
  const packed = async (): Promise<PackedContent> => {
    const bytes = await readPacked(file, fileSize, member);
    // Counted against the bundle's budget before anything is inflated; the member is then held to its declared size.
    ctx.spend(member.uncompressedSize);
    if (ctx.onBytes) ctx.advance(member.uncompressedSize);
    return { bytes, method: member.method, size: member.uncompressedSize };
  };
  const open = async (): Promise<Readable | Buffer> => {
    if (oneShot) return inflateMember(await packed());
    const start = await dataStart(file, fileSize, member);
    const raw = createReadStream(path, { start, end: start + member.compressedSize - 1, highWaterMark: 1 << 20 });
    const progress = ctx.onBytes ? [ctx.progressCounter()] : [];
    if (member.method !== 8) return chain(raw, sizeCheck(member.uncompressedSize), ctx.totalCounter(), ...progress);
    // The declared sizes passed the ratio check above; a member that lies about them is caught as it inflates.
    const inflate = createInflateRaw({ chunkSize: ZLIB_CHUNK });
    return chain(raw, inflate, ctx.ratioGuard(inflate), sizeCheck(member.uncompressedSize), ctx.totalCounter(), ...progress);
  };
  return ctx.offer(name, member.uncompressedSize, open, null, 0, 'file', oneShot ? packed : undefined);
}

/** Where a member's data starts: after its local header, whose name and extra field lengths may differ from the directory's. */
async function dataStart(file: FileHandle, fileSize: number, member: ZipMember): Promise<number> {
  return startAfter(await readAt(file, member.offset, 30), fileSize, member);
}

/** The data's start from the bytes at the member's local header; throws when there is none or the data is cut. */
function startAfter(header: Buffer, fileSize: number, member: ZipMember): number {
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new Error('Invalid zip entry: no local file header where the central directory points');
  const start = member.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + member.compressedSize > fileSize) {
    throw new Error(`Truncated zip entry: ${Math.max(0, fileSize - start)} of its ${member.compressedSize} compressed bytes are in the file`);
  }
  return start;
}

/** Room read past a member's name for its local extra field, so that header and data come in one read. */
const LOCAL_EXTRA_ROOM = 256;

/**
 * A member's compressed bytes, with its local header, in one positioned read (a second one only when the local
 * extra field is longer than {@link LOCAL_EXTRA_ROOM}).
 */
async function readPacked(file: FileHandle, fileSize: number, member: ZipMember): Promise<Buffer> {
  const guess = Math.min(30 + member.nameLength + LOCAL_EXTRA_ROOM + member.compressedSize, fileSize - member.offset);
  const head = await readAt(file, member.offset, Math.max(guess, 0));
  const start = startAfter(head, fileSize, member);
  const skip = start - member.offset;
  if (skip + member.compressedSize <= head.length) return head.subarray(skip, skip + member.compressedSize);
  const packed = await readAt(file, start, member.compressedSize);
  if (packed.length < member.compressedSize) throw new Error(`Truncated zip entry: ${packed.length} of its ${member.compressedSize} compressed bytes are in the file`);
  return packed;
}

/** Fails when a member inflates to more (or, at its end, fewer) bytes than the central directory declares. */
function sizeCheck(declared: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _e: BufferEncoding, done: (e?: Error | null, c?: Buffer) => void) {
      seen += chunk.length;
      if (seen > declared) done(new Error(`Invalid zip entry: inflates past its declared ${declared} bytes`));
      else done(null, chunk);
    },
    flush(done: (e?: Error | null) => void) {
      done(seen === declared ? null : new Error(`Invalid zip entry: ${seen} bytes, its header declares ${declared}`));
    },
  });
}

const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;

/**
 * Reads a zip whose central directory is missing or broken, member by member from the local file headers. Go's
 * archive/zip writes sizes after the data (flag bit 3), so a deflated member's end is where its deflate stream
 * ends; zlib tells how many input bytes that took.
 */
async function readZipSequentially(ctx: ScanContext, path: string, done: ReadonlySet<string> = new Set()): Promise<void> {
  const file = await openFile(path, 'r');
  const size = (await file.stat()).size;
  let pos = 0;
  let members = 0;
  try {
    while (pos + 30 <= size && !ctx.stopped) {
      const header = await readAt(file, pos, 30);
      if (header.readUInt32LE(0) !== LOCAL) break;
      const flags = header.readUInt16LE(6);
      const method = header.readUInt16LE(8);
      let compressed = header.readUInt32LE(18);
      let uncompressed = header.readUInt32LE(22);
      const nameLength = header.readUInt16LE(26);
      const extraLength = header.readUInt16LE(28);
      const nameBytes = await readAt(file, pos + 30, nameLength);
      const extra = await readAt(file, pos + 30 + nameLength, extraLength);
      const zip64 = zip64Sizes(extra);
      if (zip64 && compressed === 0xffffffff) compressed = zip64.compressed;
      if (zip64 && uncompressed === 0xffffffff) uncompressed = zip64.uncompressed;
      const name = decodeName(nameBytes, flags);
      const start = pos + 30 + nameLength + extraLength;
      const described = (flags & 0x8) !== 0;
      if (nameLength === 0) break;
      if (start > size) {
        ctx.warn(name || ctx.bundleName, 'Truncated zip entry: the file ends inside its header; it and anything after it are lost', 'error');
        break;
      }

      if (name.endsWith('/')) {
        pos = start + (described ? 0 : compressed);
        if (described) pos = await skipDescriptor(file, pos, size, zip64 !== null);
        continue;
      }
      if (method !== 0 && method !== 8) {
        ctx.warn(name, `Unsupported zip compression method ${method}; reading stopped here`, 'error');
        break;
      }
      if (method === 0 && described) {
        ctx.warn(name, 'Unsupported stored zip entry without sizes in a zip without central directory; reading stopped here', 'error');
        break;
      }
      if (!described && start + compressed > size) {
        ctx.warn(name, `Truncated zip entry: its data runs past the end of the file; it and anything after it are lost`, 'error');
        break;
      }

      // Inflate once to find the member's end and check it is whole; hand the visitor a buffer of it only then.
      let content: Buffer;
      let consumed: number;
      try {
        ({ content, consumed } = await inflateAt(ctx, file, start, described ? size - start : compressed, method));
      } catch (error) {
        if (error instanceof StopScan) throw error;
        const why = error instanceof BombError ? (error as Error).message : `Truncated zip entry (${(error as Error).message})`;
        ctx.warn(name, `${why}; it and anything after it are lost`, 'error');
        break;
      }
      members++;
      if (!done.has(name)) await ctx.offer(name, content.length, () => Readable.from([content]), null, 0);
      pos = start + consumed;
      if (described) pos = await skipDescriptor(file, pos, size, zip64 !== null);
    }
  } catch (error) {
    if (!(error instanceof StopScan)) throw error;
  } finally {
    await file.close();
  }
  ctx.warn(ctx.bundleName, `Read ${members} member(s) from the local headers; stopped at byte ${pos} of ${size}`);
}

function zip64Sizes(extra: Buffer): { uncompressed: number; compressed: number } | null {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (id === 0x0001 && len >= 16 && i + 4 + 16 <= extra.length) {
      return { uncompressed: Number(extra.readBigUInt64LE(i + 4)), compressed: Number(extra.readBigUInt64LE(i + 12)) };
    }
    i += 4 + len;
  }
  return null;
}

/** The data descriptor after a member: optional signature, CRC, then 4- or 8-byte sizes. */
async function skipDescriptor(file: FileHandle, pos: number, size: number, zip64: boolean): Promise<number> {
  const head = await readAt(file, pos, 4);
  const signed = head.length === 4 && head.readUInt32LE(0) === DESCRIPTOR;
  const next = pos + (signed ? 4 : 0) + 4 + (zip64 ? 16 : 8);
  return Math.min(next, size);
}

/** Inflates (or copies) a member from the file; for deflate, reads until the stream ends and reports the bytes used. */
async function inflateAt(ctx: ScanContext, file: FileHandle, start: number, available: number, method: number): Promise<{ content: Buffer; consumed: number }> {
  const chunks: Buffer[] = [];
  let total = 0;
  const ratio = new StreamRatio(ctx.limits.maxCompressionRatio, ctx.limits.ratioFloorBytes);
  const inflate = method === 8 ? createInflateRaw({ chunkSize: ZLIB_CHUNK }) : null;
  const keep = (chunk: Buffer) => {
    total += chunk.length;
    if (total > ctx.limits.maxFileBytes) throw new Error(`more than ${ctx.limits.maxFileBytes} bytes (limit maxFileBytes)`);
    ctx.spend(chunk.length);
    if (inflate) ratio.consumed(inflate.bytesWritten);
    const bomb = inflate ? ratio.output(chunk.length) : null;
    if (bomb) throw new BombError(bomb);
    chunks.push(chunk);
  };
  if (!inflate) {
    keep(await readAt(file, start, available));
    return { content: Buffer.concat(chunks), consumed: available };
  }
  const ended = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      try {
        keep(chunk);
      } catch (error) {
        inflate.destroy(error as Error);
      }
    });
    inflate.on('end', resolve);
    inflate.on('error', reject);
  });
  let offset = 0;
  let finished = false;
  void ended.then(
    () => (finished = true),
    () => (finished = true),
  );
  while (!finished && offset < available) {
    const piece = await readAt(file, start + offset, Math.min(1 << 20, available - offset));
    if (piece.length === 0) break;
    offset += piece.length;
    if (!inflate.write(piece)) await new Promise<void>((r) => inflate.once('drain', () => r()));
    await new Promise((r) => setImmediate(r));
  }
  if (!finished) inflate.end();
  await ended;
  return { content: Buffer.concat(chunks), consumed: inflate.bytesWritten };
}
