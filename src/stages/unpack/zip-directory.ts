import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/** One member as the zip's central directory describes it (APPNOTE.TXT 4.3.12), ZIP64 sizes applied. */
export interface ZipMember {
  /** The name, decoded: UTF-8 when flag bit 11 says so or it is valid UTF-8, else CP437 read as latin1. */
  name: string;
  /** Bytes of the name as stored. */
  nameLength: number;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the member's local file header. */
  offset: number;
  externalAttributes: number;
}

/** The central directory: the members it lists, and why it stopped early when it did (a corrupt record). */
export interface ZipDirectory {
  members: ZipMember[];
  broken: string | null;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
/** The end record is 22 bytes plus a comment of at most 65,535. */
const TAIL = 22 + 0xffff;
/** The directory is read in windows of this size: a hostile one may declare gigabytes. */
const WINDOW = 4 * 2 ** 20;

/**
 * Reads the central directory with a few large positioned reads (one per 4 MiB), rather than one read per record:
 * a 2,000-node sysdump lists about 400,000 members. Throws when there is no directory to read (no end record, an
 * offset past the end of the file); a directory that breaks part way gives the members before the break.
 */
export async function readZipDirectory(file: FileHandle, fileSize: number): Promise<ZipDirectory> {
  const tailSize = Math.min(fileSize, TAIL);
  const tail = await readAt(file, fileSize - tailSize, tailSize);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('end of central directory record signature not found');
  let count = tail.readUInt16LE(eocd + 10);
  let size = tail.readUInt32LE(eocd + 12);
  let start = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || size === 0xffffffff || start === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new Error('ZIP64 end of central directory locator not found');
    const at = Number(tail.readBigUInt64LE(locator + 8));
    const record = await readAt(file, at, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw new Error('ZIP64 end of central directory record not found where its locator points');
    count = Number(record.readBigUInt64LE(32));
    size = Number(record.readBigUInt64LE(40));
    start = Number(record.readBigUInt64LE(48));
  }
  if (start + size > fileSize) throw new Error(`central directory runs past the end of the file (offset ${start}, ${size} bytes, file ${fileSize} bytes)`);

  const members: ZipMember[] = [];
  const end = start + size;
  let window: Buffer = Buffer.alloc(0);
  let windowAt = start;
  let pos = start;
  while (members.length < count) {
    if (pos + 46 > end) return { members, broken: `the directory ends after ${members.length} of the ${count} members it declares` };
    // A record is at most 46 + 3 × 65,535 bytes: a window always holds a whole one once it starts at the record.
    if (pos + 46 > windowAt + window.length) [window, windowAt] = [await readAt(file, pos, Math.min(WINDOW, end - pos)), pos];
    if (pos + 46 > windowAt + window.length) return { members, broken: `the file ends inside the central directory at byte ${pos}` };
    let p = pos - windowAt;
    if (window.readUInt32LE(p) !== CENTRAL) return { members, broken: `invalid central directory file header signature at byte ${pos}` };
    const recordSize = 46 + window.readUInt16LE(p + 28) + window.readUInt16LE(p + 30) + window.readUInt16LE(p + 32);
    if (pos + recordSize > end) return { members, broken: `a central directory record at byte ${pos} runs past the directory's end` };
    if (p + recordSize > window.length) {
      [window, windowAt] = [await readAt(file, pos, Math.min(Math.max(WINDOW, recordSize), end - pos)), pos];
      p = 0;
      if (window.length < recordSize) return { members, broken: `the file ends inside the central directory at byte ${pos}` };
    }
    members.push(member(window, p));
    pos += recordSize;
  }
  return { members, broken: null };
}

/** One central directory record at `p` of `b`, whose whole record is in `b`. */
function member(b: Buffer, p: number): ZipMember {
  const nameLength = b.readUInt16LE(p + 28);
  const extraLength = b.readUInt16LE(p + 30);
  let compressedSize = b.readUInt32LE(p + 20);
  let uncompressedSize = b.readUInt32LE(p + 24);
  let offset = b.readUInt32LE(p + 42);
  // ZIP64 extended information (0x0001): 64-bit values, in this order, for only the fields saturated above.
  const extraEnd = p + 46 + nameLength + extraLength;
  for (let e = p + 46 + nameLength; e + 4 <= extraEnd; ) {
    const id = b.readUInt16LE(e);
    const length = b.readUInt16LE(e + 2);
    if (id === 0x0001) {
      let q = e + 4;
      const limit = Math.min(e + 4 + length, extraEnd);
      if (uncompressedSize === 0xffffffff && q + 8 <= limit) (uncompressedSize = Number(b.readBigUInt64LE(q))), (q += 8);
      if (compressedSize === 0xffffffff && q + 8 <= limit) (compressedSize = Number(b.readBigUInt64LE(q))), (q += 8);
      if (offset === 0xffffffff && q + 8 <= limit) offset = Number(b.readBigUInt64LE(q));
      break;
    }
    e += 4 + length;
  }
  return {
    name: decodeName(b.subarray(p + 46, p + 46 + nameLength), b.readUInt16LE(p + 8)),
    nameLength,
    flags: b.readUInt16LE(p + 8),
    method: b.readUInt16LE(p + 10),
    compressedSize,
    uncompressedSize,
    offset,
    externalAttributes: b.readUInt32LE(p + 38),
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Zip names are UTF-8 when flag bit 11 says so (Go sets it for non-ASCII names), else CP437, read here as latin1. */
export function decodeName(raw: Buffer, flags: number): string {
  if (flags & 0x800) return raw.toString('utf8');
  try {
    return utf8.decode(raw);
  } catch {
    return raw.toString('latin1');
  }
}

/** Largest read done synchronously by {@link readAt}: from the page cache it is a copy, and an async read costs more CPU than that. */
const SYNC_READ_MAX = 256 * 2 ** 10;

/** `length` bytes at `pos`, fewer at the end of the file. */
export async function readAt(file: FileHandle, pos: number, length: number): Promise<Buffer> {
  const sync = length <= SYNC_READ_MAX;
  const buffer = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const bytesRead = sync ? readSync(file.fd, buffer, done, length - done, pos + done) : (await file.read(buffer, done, length - done, pos + done)).bytesRead;
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}
