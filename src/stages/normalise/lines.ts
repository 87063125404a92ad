import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/**
 * A file's bytes as text. Most command outputs and logs are ASCII, and an ASCII buffer read as latin1 gives the
 * same string for a third of the cost of UTF-8 decoding (at 500 nodes, seconds of the scan).
 */
export function decodeText(buffer: Buffer): string {
  return isAscii(buffer) ? buffer.toString('latin1') : buffer.toString('utf8');
}

/** Longest line handed to a parser; the rest of a longer line is cut (hostile bundles carry megabyte lines). */
export const MAX_LINE = 1 << 20;

/**
 * Splits a byte stream into lines without holding the whole stream: chunk boundaries, `\r\n` and multi-byte
 * UTF-8 characters cut between chunks are all handled. Invalid UTF-8 becomes U+FFFD.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** True once a chunk went through the decoder, which may hold the first bytes of a character cut by the chunk end. */
  private decoding = false;
  private pending = '';
  private pendingCut = false;
  private n = 0;
  /** Lines cut at {@link MAX_LINE}, by 1-based number. */
  readonly cutLines: number[] = [];

  constructor(private readonly emit: (text: string, n: number) => void) {}

  push(chunk: Buffer): void {
    // ASCII chunks end on a character boundary, so they are read without the decoder until one is not ASCII.
    if (!this.decoding && isAscii(chunk)) {
      this.feed(chunk.toString('latin1'));
      return;
    }
    this.decoding = true;
    this.feed(this.decoder.write(chunk));
  }

  end(): void {
    this.feed(this.decoder.end());
    if (this.pending.length > 0 || this.pendingCut) this.flush(this.pending);
  }

  /** Lines emitted so far. */
  get lines(): number {
    return this.n;
  }

  private feed(text: string): void {
    let start = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
      this.flush(this.pending + text.slice(start, i));
      this.pending = '';
      start = i + 1;
    }
    if (start < text.length) this.append(text.slice(start));
  }

  private append(part: string): void {
    if (this.pendingCut) return;
    this.pending += part;
    if (this.pending.length > MAX_LINE) {
      this.pending = this.pending.slice(0, MAX_LINE);
      this.pendingCut = true;
    }
  }

  private flush(line: string): void {
    this.n++;
    let text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (this.pendingCut || text.length > MAX_LINE) {
      text = text.slice(0, MAX_LINE);
      this.cutLines.push(this.n);
    }
    this.pendingCut = false;
    this.emit(text, this.n);
  }
}

/** Cuts over-long lines of a whole text, so one pathological line cannot stall a parser. */
export function capLines(text: string): { text: string; cut: number[] } {
  if (text.length <= MAX_LINE || !hasLongLine(text)) return { text, cut: [] };
  const lines = text.split('\n');
  const cut: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length > MAX_LINE) {
      lines[i] = line.slice(0, MAX_LINE);
      cut.push(i + 1);
    }
  }
  return { text: lines.join('\n'), cut };
}

/**
 * True when a line is longer than {@link MAX_LINE}, without splitting the text: from a line's start, the last
 * newline within MAX_LINE characters ends the lines that are short enough, so the search jumps a megabyte at a
 * time instead of stopping at every line; none there means the line from `start` is too long.
 */
export function hasLongLine(text: string): boolean {
  let start = 0;
  while (text.length - start > MAX_LINE) {
    const nl = text.lastIndexOf('\n', start + MAX_LINE);
    if (nl < start) return true;
    start = nl + 1;
  }
  return false;
}
