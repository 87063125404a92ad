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
