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
  /** Lines in the file; -1 when it was read whole and not counted. */
  lines: number;
  bytes: number;
  /** The file held a NUL byte in its first 8 KB and was not searched (as grep does with binary files). */
  binary: boolean;
}

/** Files up to this size are read whole and searched in one piece: no line is counted unless something matches. */
export const WHOLE_FILE_BYTES = 64 * 2 ** 20;

/**
 * A bundle entry's content as regions of whole lines: a file of known size up to {@link WHOLE_FILE_BYTES} as one
 * region (one native search over it, and lines are counted only up to a match), a larger one streamed.
 */
export async function regionsOf(entry: { size: number; read(): Promise<Buffer>; stream(): AsyncIterable<Buffer> }, onRegion: (buf: Buffer, firstLine: number) => void): Promise<Regions> {
  if (entry.size < 0 || entry.size > WHOLE_FILE_BYTES) return forEachRegion(entry.stream(), onRegion);
  const buf = await entry.read();
  if (buf.subarray(0, 8192).includes(0)) return { lines: 0, bytes: buf.length, binary: true };
  if (buf.length > 0) onRegion(buf, 1);
  return { lines: -1, bytes: buf.length, binary: false };
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
  let binary = false;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (first) {
      first = false;
      binary = chunk.subarray(0, 8192).includes(0);
    }
    // A binary file is read to its end all the same: stopping a member of a nested tar part way stalls its archive.
    if (binary) continue;
    let start = 0;
    if (carry) {
      // Only the line cut by the last chunk boundary is copied, not the whole chunk.
      const nl = chunk.indexOf(NL);
      if (nl < 0) {
        carry = Buffer.concat([carry, chunk]);
        if (carry.length >= MAX_REGION_LINE) {
          onRegion(carry, line);
          carry = null;
        }
        continue;
      }
      const joined = Buffer.concat([carry, chunk.subarray(0, nl + 1)]);
      onRegion(joined, line);
      line++;
      carry = null;
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(NL);
    if (last >= start) {
      const region = chunk.subarray(start, last + 1);
      onRegion(region, line);
      line += countNewlines(region, 0, region.length);
      start = last + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (rest.length >= MAX_REGION_LINE) onRegion(rest, line);
      else carry = Buffer.from(rest);
    }
  }
  if (binary) return { lines: 0, bytes, binary: true };
  if (carry && carry.length > 0) {
    onRegion(carry, line);
    line++;
  }
  return { lines: line - 1, bytes, binary: false };
}
