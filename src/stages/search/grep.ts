import type { Diagnostic } from '../../model/common.js';
import { openBundle } from '../unpack/index.js';
import type { UnpackLimits } from '../unpack/types.js';
import { matchesIn } from './match.js';
import { parseQuery, type Query } from './query.js';
import { countNewlines, lineAround, regionsOf } from './regions.js';

export interface GrepMatch {
  /** Virtual path in the bundle; a nested archive's member is `outer.tar.gz!/inner/path`. */
  file: string;
  line: number;
  /** The line (decoded as UTF-8), or the part of a long line around the match, with `…` where it was cut. */
  text: string;
}

export interface GrepOptions {
  /** The same caps on untrusted input as a report takes. */
  limits?: Partial<UnpackLimits>;
  /** Members read at once (zip and folders). */
  concurrency?: number;
  /** Search for the text even when it reads as an IP address or CIDR. */
  literal?: boolean;
  /** Longest line shown whole; a longer one shows the part around the match. */
  maxLineChars?: number;
}

export interface GrepSummary {
  /** Files the scan reached, nested archives' members included. */
  files: number;
  /** Bytes of file content searched. */
  bytes: number;
  matches: number;
  filesWithMatches: number;
  /** Files not searched because they hold NUL bytes (binary), as grep skips them. */
  binary: number;
  /** What the scan could not read (limits, damage), as for a report. */
  diagnostics: Diagnostic[];
}

/**
 * Searches every file of a bundle for a text, an IP address (as a whole address) or a CIDR (any address inside it),
 * in one streaming pass with the same limits and guards as a report, nested archives included. Calls `onMatch` for
 * every matching line as it is found (files in the order the scan reaches them; zip members are read several at a
 * time, so that order may vary between runs).
 */
export async function grepBundle(input: string, query: string | Query, onMatch: (match: GrepMatch) => void, options: GrepOptions = {}): Promise<GrepSummary> {
  const q = typeof query === 'string' ? parseQuery(query, options.literal ? { literal: true } : {}) : query;
  const maxLine = options.maxLineChars ?? 512;
  const fs = await openBundle(input, { ...(options.limits ? { limits: options.limits } : {}), ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
  const summary: GrepSummary = { files: 0, bytes: 0, matches: 0, filesWithMatches: 0, binary: 0, diagnostics: [] };
  try {
    const scan = await fs.scan(async (entry) => {
      summary.files++;
      let matched = false;
      const result = await regionsOf(entry, (buf, firstLine) => {
        let line = firstLine;
        let counted = 0;
        let shownUpTo = -1;
        matchesIn(buf, 0, buf.length, q, (start, end) => {
          if (start < shownUpTo) return;
          const around = lineAround(buf, start, 0, buf.length);
          line += countNewlines(buf, counted, around.start);
          counted = around.start;
          shownUpTo = around.end + 1;
          matched = true;
          summary.matches++;
          onMatch({ file: entry.path, line, text: snippet(buf, around.start, around.end, start, end, maxLine) });
        });
      });
      summary.bytes += result.bytes;
      if (result.binary) summary.binary++;
      if (matched) summary.filesWithMatches++;
    });
    summary.diagnostics = scan.diagnostics;
  } finally {
    await fs.close();
  }
  return summary;
}

/** The line, or the part of it around the match when it is longer than `max` characters. */
function snippet(buf: Buffer, start: number, end: number, matchStart: number, matchEnd: number, max: number): string {
  if (end - start <= max * 2) {
    const text = buf.toString('utf8', start, end);
    if (text.length <= max) return text;
  }
  const context = Math.max(0, Math.floor((max - (matchEnd - matchStart)) / 2));
  const from = Math.max(start, matchStart - context);
  const to = Math.min(end, matchEnd + context);
  return `${from > start ? '…' : ''}${buf.toString('utf8', from, to)}${to < end ? '…' : ''}`;
}
