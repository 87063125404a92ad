import { deflateRawSync } from 'node:zlib';

/** One member of a hand-made zip. Everything a hostile or odd zip can carry is settable. */
export interface RawEntry {
  /** Written as given: `..`, absolute paths, backslashes and all. */
  name: string;
  content?: Buffer | string;
  method?: 'store' | 'deflate';
  /** Unix mode in the external attributes, e.g. 0o120777 for a symlink. */
  mode?: number;
  /** Sizes after the data (flag bit 3) instead of in the local header, as Go's archive/zip writes them. */
  descriptor?: boolean;
  /** Lie about the unpacked size in both headers. */
  declaredSize?: number;
  /**
   * Data already deflated, written as is (with `declaredSize` and `crc`): for members too large to hold unpacked,
   * such as 2 GB of zeros made as a stream.
   */
  deflated?: { data: Buffer; crc: number };
}

/** CRC-32 as zip uses it. */
export function crc32(data: Buffer): number {
  let c = ~0;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

/**
 * Writes a zip byte by byte, so tests can make the zips no zip library would: path escapes, links, lying sizes,
 * data descriptors, a broken central directory (`breakDirectory`).
 */
export function rawZip(entries: readonly RawEntry[], options: { breakDirectory?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content ?? '');
    const method = e.method ?? 'deflate';
    const body = e.deflated ? e.deflated.data : method === 'deflate' ? deflateRawSync(data) : data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = e.deflated ? e.deflated.crc : crc32(data);
    const size = e.declaredSize ?? data.length;
    const flags = 0x800 | (e.descriptor ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method === 'deflate' ? 8 : 0, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(e.descriptor ? 0 : crc, 14);
    local.writeUInt32LE(e.descriptor ? 0 : body.length, 18);
    local.writeUInt32LE(e.descriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const parts = [local, name, body];
    if (e.descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(body.length, 8);
      d.writeUInt32LE(size, 12);
      parts.push(d);
    }
    const chunk = Buffer.concat(parts);
    locals.push(chunk);

    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method === 'deflate' ? 8 : 0, 10);
    cd.writeUInt32LE(0, 12);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(Buffer.concat([cd, name]));
    offset += chunk.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  if (options.breakDirectory) directory.fill(0x41, 0, Math.min(directory.length, 64));
  return Buffer.concat([...locals, directory, end]);
}

/** A zip local file header for a member of `method` 8 (deflate), sizes given, no extra field. */
function localHeader(name: Buffer, compressed: number, uncompressed: number, crc: number): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(0x800, 6);
  h.writeUInt16LE(8, 8);
  h.writeUInt32LE(crc, 14);
  h.writeUInt32LE(compressed, 18);
  h.writeUInt32LE(uncompressed, 22);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name]);
}

function centralHeader(name: Buffer, compressed: number, uncompressed: number, crc: number, offset: number): Buffer {
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE((3 << 8) | 20, 4);
  cd.writeUInt16LE(20, 6);
  cd.writeUInt16LE(0x800, 8);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(crc, 16);
  cd.writeUInt32LE(compressed, 20);
  cd.writeUInt32LE(uncompressed, 24);
  cd.writeUInt16LE(name.length, 28);
  cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
  cd.writeUInt32LE(offset, 42);
  return Buffer.concat([cd, name]);
}

/**
 * A zip whose last members share one compressed kernel: David Fifield's non-recursive zip bomb ("A better zip
 * bomb", 2019, https://www.bamsoftware.com/hacks/zipbomb/). `full`: every member's central-directory entry points
 * at the same local header and kernel. `quoted`: each member's data starts with a stored deflate block that quotes
 * the next member's local header, then runs on into the next member's data, so all of them end in the kernel and
 * each inflates to the kernel plus the headers it quotes. `kernel` is raw deflate data inflating to `kernelSize`
 * bytes. CRCs are left 0 (no reader checks them before inflating). The `entries` come first, as ordinary members.
 */
export function overlappingZip(entries: readonly RawEntry[], bomb: { names: readonly string[]; kernel: Buffer; kernelSize: number; layout: 'full' | 'quoted' }): Buffer {
  const ordinary = rawZip(entries);
  // Take the ordinary members' local part and central directory apart again: the EOCD says where each starts.
  const eocd = ordinary.subarray(ordinary.length - 22);
  const cdSize = eocd.readUInt32LE(12);
  const cdOffset = eocd.readUInt32LE(16);
  const locals = [ordinary.subarray(0, cdOffset)];
  const central = [ordinary.subarray(cdOffset, cdOffset + cdSize)];
  let offset = cdOffset;
  const names = bomb.names.map((n) => Buffer.from(n, 'utf8'));
  if (bomb.layout === 'full') {
    const local = localHeader(names[0] as Buffer, bomb.kernel.length, bomb.kernelSize, 0);
    locals.push(local, bomb.kernel);
    for (const name of names) central.push(centralHeader(name, bomb.kernel.length, bomb.kernelSize, 0, offset));
  } else {
    // Laid out as LH0 SB0 LH1 SB1 … LHn-1 kernel, where SBi is a stored block header quoting LHi+1. Member i's data
    // runs from SBi to the end of the kernel; its unpacked size is the headers it quotes plus the kernel's.
    const n = names.length;
    const headerLength = (i: number) => 30 + (names[i] as Buffer).length;
    const compressed: number[] = new Array(n).fill(0);
    const unpacked: number[] = new Array(n).fill(0);
    compressed[n - 1] = bomb.kernel.length;
    unpacked[n - 1] = bomb.kernelSize;
    for (let i = n - 2; i >= 0; i--) {
      compressed[i] = 5 + headerLength(i + 1) + (compressed[i + 1] as number);
      unpacked[i] = headerLength(i + 1) + (unpacked[i + 1] as number);
    }
    for (let i = 0; i < n; i++) {
      const local = localHeader(names[i] as Buffer, compressed[i] as number, unpacked[i] as number, 0);
      central.push(centralHeader(names[i] as Buffer, compressed[i] as number, unpacked[i] as number, 0, offset));
      locals.push(local);
      offset += local.length;
      if (i < n - 1) {
        const quoted = headerLength(i + 1);
        const stored = Buffer.alloc(5);
        stored.writeUInt8(0, 0); // BFINAL 0, BTYPE 00: a stored block, byte-aligned at the start of the stream
        stored.writeUInt16LE(quoted, 1);
        stored.writeUInt16LE(~quoted & 0xffff, 3);
        locals.push(stored);
        offset += 5;
      }
    }
    locals.push(bomb.kernel);
  }
  const directory = Buffer.concat(central);
  const localPart = Buffer.concat(locals);
  const end = Buffer.alloc(22);
  const count = entries.length + names.length;
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, directory, end]);
}
