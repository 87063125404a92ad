const NL = 0x0a;

/** A line longer than this is cut where it reaches it (hostile bundles carry megabyte lines with no break). */
export const MAX_REGION_LINE = 1 << 20;

/** Number of `\n` in `buf[from, to)`, found natively one by one. */
export function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let at = buf.indexOf(NL, from); at >= 0 && at < to; at = buf.indexOf(NL, at + 1)) n++;
  return n;
}

/** The line around byte `at` of `buf[from, to)`: its start and end (without the `\n` and a `\r` before it). */
export function lineAround(buf: Buffer, at: number, from: number, to: number): { start: number; end: number } {
  const back = at > from ? buf.lastIndexOf(NL, at - 1) : -1;
  const start = back >= from ? back + 1 : from;
  const nl = buf.indexOf(NL, at);
  let end = nl < 0 || nl >= to ? to : nl;
  if (end > start && buf[end - 1] === 0x0d) end--;
  return { start, end };
}

export interface Regions {
  lines: number;
  bytes: number;
  /** The file held a NUL byte in its first 8 KB and was not searched (as grep does with binary files). */
  binary: boolean;
}

/**
 * Hands a file's content on as regions of whole lines (each region ends at a `\n`, or at the end of the file),
 * with the number of the region's first line, so that a search never sees a line cut by a chunk boundary. A line
 * longer than {@link MAX_REGION_LINE} is handed on in pieces, which keeps memory bounded.
 */
export async function forEachRegion(chunks: AsyncIterable<Buffer>, onRegion: (buf: Buffer, firstLine: number) => void): Promise<Regions> {
  let carry: Buffer | null = null;
  let line = 1;
  let bytes = 0;
  let first = true;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (first) {
      first = false;
      if (chunk.subarray(0, 8192).includes(0)) return { lines: 0, bytes, binary: true };
    }
    const buf: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const last = buf.lastIndexOf(NL);
    if (last < 0) {
      if (buf.length < MAX_REGION_LINE) {
        carry = buf;
        continue;
      }
      onRegion(buf, line);
      carry = null;
      continue;
    }
    const region = buf.subarray(0, last + 1);
    onRegion(region, line);
    line += countNewlines(region, 0, region.length);
    carry = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : null;
  }
  if (carry && carry.length > 0) {
    onRegion(carry, line);
    line++;
  }
  return { lines: line - 1, bytes, binary: false };
}
