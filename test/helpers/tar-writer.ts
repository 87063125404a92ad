import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  content?: Buffer | string;
  /** `0` file, `1` hard link, `2` symlink, `5` directory. */
  type?: '0' | '1' | '2' | '5';
  linkname?: string;
}

/** One 512-byte ustar header. Names over 100 bytes go in two parts: the ustar prefix field and the name field. */
export function tarHeader(e: { name: string; size: number; type?: string; linkname?: string }): Buffer {
  const h = Buffer.alloc(512);
  const cut = Buffer.byteLength(e.name) > 100 ? e.name.lastIndexOf('/', 155) : -1;
  h.write(cut > 0 ? e.name.slice(cut + 1) : e.name, 0, 100, 'utf8');
  if (cut > 0) h.write(e.name.slice(0, cut), 345, 155, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${e.size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write('14621405326\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(e.type ?? '0', 156, 'latin1');
  if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** Zero bytes that pad a member's data to a whole 512-byte block. */
export function tarPadding(size: number): Buffer {
  return Buffer.alloc((512 - (size % 512)) % 512);
}

/** A ustar archive written byte by byte, so tests can put links and path escapes in it. */
export function rawTar(entries: readonly TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content ?? '');
    const file = e.type === '0' || e.type === undefined;
    blocks.push(tarHeader({ name: e.name, size: file ? body.length : 0, type: e.type ?? '0', ...(e.linkname ? { linkname: e.linkname } : {}) }));
    if (file) blocks.push(body, tarPadding(body.length));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export function rawTarGz(entries: readonly TarEntry[]): Buffer {
  return gzipSync(rawTar(entries));
}
