import type { ContextWindow, IndexTerm, MentionIndex, MentionKind, ReportContext } from '../../model/context.js';
import type { Report } from '../../model/report.js';
import { countNewlines, regionsOf } from '../search/regions.js';
import { locate } from '../unpack/paths.js';
import type { BundleFs } from '../unpack/types.js';

export interface ContextOptions {
  /** Build the mention index (one more pass over every file); default true. */
  index?: boolean;
  /** Why the index is not there, for the report, when it was left out for a reason the reader should know. */
  indexNote?: string;
  /** Lines shown before and after a cited line. */
  radius?: number;
}

/** Caps: the HTML must stay a page a browser opens, whatever the bundle. */
export const CONTEXT_LIMITS = {
  /** Lines in one window, however long the cited excerpt. */
  windowLines: 41,
  /** Characters kept of one line. */
  lineChars: 400,
  /** Characters in one window. */
  windowChars: 16 * 1024,
  /** Characters of all windows together. */
  totalChars: 4 * 2 ** 20,
  /** Files kept per index term, each with its first lines. */
  filesPerTerm: 8,
  linesPerFile: 3,
  /** Terms in the index (3 per node at most: name, InternalIP, pod CIDRs). */
  terms: 12_000,
} as const;

interface Wanted {
  line: number;
  endLine: number;
  from: number;
  to: number;
}

/**
 * The context step, after correlate: reads back the files that evidence cites and embeds a window of lines around
 * each cited line, and (unless `index: false`) indexes where every node name, node IP and pod CIDR of the report
 * is mentioned. With the index it is one pass over every file; without it, a zip or folder opens only the cited
 * files and a tar is streamed once for them. Checks and parsers are not involved; the report gains `context`.
 */
export async function addContext(fs: BundleFs, report: Report, options: ContextOptions = {}): Promise<Report> {
  const radius = options.radius ?? 6;
  const withIndex = options.index ?? true;
  const wanted = new Map<string, Wanted[]>();
  for (const f of report.findings) {
    for (const e of f.evidence) {
      if (e.line === null) continue;
      const list = wanted.get(e.file) ?? [];
      const endLine = Math.max(e.line, e.endLine ?? e.line);
      if (list.some((w) => w.line === e.line && w.endLine === endLine)) continue;
      const from = Math.max(1, e.line - radius);
      list.push({ line: e.line, endLine, from, to: Math.min(endLine + radius, from + CONTEXT_LIMITS.windowLines - 1) });
      wanted.set(e.file, list);
    }
  }
  const note = options.indexNote ? { indexNote: options.indexNote } : {};
  if (!withIndex && wanted.size === 0) return { ...report, context: { windows: [], cut: [], index: null, ...note } };

  const terms = termsOf(report);
  const matcher = withIndex ? new TermMatcher(terms.map((t) => t.term)) : null;
  const mentions = terms.map(() => ({ lines: 0, files: 0, kept: [] as { file: string; key: string; lines: number[] }[] }));
  const found = new Map<string, Map<number, string>>();
  const searched = { files: 0, bytes: 0, binary: 0 };

  await fs.scan(
    async (entry) => {
      const asked = wanted.get(entry.path);
      if (!asked && !matcher) return;
      const lines = new Map<number, string>();
      const local = new Map<number, { count: number; lines: number[] }>();
      let lastTerm = -1;
      let lastLine = -1;
      const result = await regionsOf(entry, (buf, firstLine) => {
        if (asked) keepLines(buf, firstLine, asked, lines);
        matcher?.scan(buf, firstLine, (term, line) => {
          // A line that names a term twice is one mention.
          if (term === lastTerm && line === lastLine) return;
          [lastTerm, lastLine] = [term, line];
          const m = local.get(term) ?? { count: 0, lines: [] };
          if (m.lines[m.lines.length - 1] !== line) {
            m.count++;
            if (m.lines.length < CONTEXT_LIMITS.linesPerFile) m.lines.push(line);
          }
          local.set(term, m);
        });
      });
      searched.files++;
      searched.bytes += result.bytes;
      if (result.binary) searched.binary++;
      if (asked) found.set(entry.path, lines);
      const key = `${locate(entry.path).scope === 'agent' ? 1 : 0}\0${entry.path}`;
      for (const [term, m] of local) {
        const t = mentions[term] as (typeof mentions)[number];
        t.lines += m.count;
        t.files++;
        keepBest(t.kept, { file: entry.path, key, lines: m.lines });
      }
    },
    withIndex ? {} : { only: new Set(wanted.keys()) },
  );

  const cut: string[] = [];
  const windows: ContextWindow[] = [];
  let total = 0;
  let over = 0;
  for (const file of [...wanted.keys()].sort()) {
    const lines = found.get(file);
    for (const w of (wanted.get(file) ?? []).sort((a, b) => a.line - b.line)) {
      if (!lines) continue;
      const window = windowOf(file, w, lines);
      const size = window.lines.reduce((n, l) => n + l.length + 1, 0);
      if (total + size > CONTEXT_LIMITS.totalChars) {
        over++;
        continue;
      }
      total += size;
      windows.push(window);
    }
  }
  const unread = [...wanted.keys()].filter((f) => !found.has(f));
  if (over > 0) cut.push(`${over} evidence window(s) not embedded: the ${CONTEXT_LIMITS.totalChars / 2 ** 20} MiB budget for context was used`);
  if (unread.length > 0) cut.push(`${unread.length} cited file(s) could not be read back for context (a limit or damage; see the diagnostics): ${unread.slice(0, 3).join(', ')}${unread.length > 3 ? ', …' : ''}`);

  let index: MentionIndex | null = null;
  if (matcher) {
    const indexCut: string[] = [];
    const list: IndexTerm[] = terms.map((t, i) => {
      const m = mentions[i] as (typeof mentions)[number];
      return { term: t.term, kind: t.kind, nodes: t.nodes, lines: m.lines, files: m.files, mentions: m.kept.map(({ file, lines }) => ({ file, lines })) };
    });
    if (list.length > CONTEXT_LIMITS.terms) indexCut.push(`${list.length - CONTEXT_LIMITS.terms} terms left out of the index (it keeps ${CONTEXT_LIMITS.terms})`);
    if (list.some((t) => t.files > t.mentions.length)) indexCut.push(`Each term lists its first ${CONTEXT_LIMITS.filesPerTerm} files (cluster-level files first) and ${CONTEXT_LIMITS.linesPerFile} lines in each; the counts cover every file`);
    index = { terms: list.slice(0, CONTEXT_LIMITS.terms), searched, cut: indexCut };
  }
  return { ...report, context: { windows, cut, index, ...note } };
}

/** Node names, node IPs and pod CIDRs of the report, each once, with the nodes they belong to. */
function termsOf(report: Report): { term: string; kind: MentionKind; nodes: string[] }[] {
  const byTerm = new Map<string, { term: string; kind: MentionKind; nodes: string[] }>();
  const add = (term: string | null, kind: MentionKind, node: string) => {
    if (!term || term.length < 2) return;
    const t = byTerm.get(term);
    if (!t) byTerm.set(term, { term, kind, nodes: [node] });
    else if (!t.nodes.includes(node)) t.nodes.push(node);
  };
  for (const n of report.nodes) {
    add(n.name, 'node', n.name);
    add(n.internalIP, 'node-ip', n.name);
    for (const c of [...n.podCIDRs.kubernetes, ...n.podCIDRs.ciliumNode, ...n.podCIDRs.agent]) add(c, 'pod-cidr', n.name);
  }
  return [...byTerm.values()];
}

/** Keeps the text of the lines the windows of one file need, from one region of it. */
function keepLines(buf: Buffer, firstLine: number, asked: readonly Wanted[], into: Map<number, string>): void {
  const last = asked.reduce((m, w) => Math.max(m, w.to), 0);
  const lastInRegion = firstLine + countNewlines(buf, 0, buf.length);
  if (firstLine > last || !asked.some((w) => w.to >= firstLine && w.from <= lastInRegion)) return;
  let line = firstLine;
  let start = 0;
  while (start < buf.length && line <= last) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl < 0 ? buf.length : nl;
    if (asked.some((w) => line >= w.from && line <= w.to)) {
      const take = Math.min(end, start + CONTEXT_LIMITS.lineChars * 4);
      let text = buf.toString('utf8', start, take).replace(/\r$/, '');
      const cut = take < end || text.length > CONTEXT_LIMITS.lineChars;
      if (text.length > CONTEXT_LIMITS.lineChars) text = text.slice(0, CONTEXT_LIMITS.lineChars);
      // A line longer than a region comes in pieces: the first piece is the one shown.
      if (!into.has(line)) into.set(line, cut ? `${text}…` : text);
    }
    if (nl < 0) break;
    start = nl + 1;
    line++;
  }
}

function windowOf(file: string, w: Wanted, lines: Map<number, string>): ContextWindow {
  const out: string[] = [];
  let chars = 0;
  let note: string | null = null;
  let start = w.from;
  while (start < w.line && !lines.has(start)) start++;
  for (let n = start; n <= w.to; n++) {
    const text = lines.get(n);
    if (text === undefined) {
      if (n <= w.endLine) note = `the file ends at line ${n - 1}, before the cited line`;
      break;
    }
    if (chars + text.length > CONTEXT_LIMITS.windowChars) {
      note = `window cut at ${CONTEXT_LIMITS.windowChars / 1024} KiB`;
      break;
    }
    chars += text.length;
    out.push(text);
  }
  if (!note && out.some((l) => l.endsWith('…'))) note = `lines longer than ${CONTEXT_LIMITS.lineChars} characters are cut (…)`;
  return { file, line: w.line, endLine: w.endLine, start, lines: out, note };
}

function keepBest(kept: { file: string; key: string; lines: number[] }[], item: { file: string; key: string; lines: number[] }): void {
  if (kept.length >= CONTEXT_LIMITS.filesPerTerm && item.key >= (kept[kept.length - 1] as { key: string }).key) return;
  let i = kept.length;
  while (i > 0 && (kept[i - 1] as { key: string }).key > item.key) i--;
  kept.splice(i, 0, item);
  if (kept.length > CONTEXT_LIMITS.filesPerTerm) kept.pop();
}

const isTokenByte = (b: number | undefined) =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2e || b === 0x2d || b === 0x5f);
const isV6Byte = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66) || b === 0x3a || b === 0x2e);

/**
 * Finds whole-token mentions of many terms at once. A token is a run of letters, digits, `.`, `-` and `_`
 * (trailing `.`/`-` dropped), so `node-1` is not found in `node-10` nor `10.0.0.1` in `10.0.0.12`; a CIDR is a
 * token followed by `/<bits>`; an IPv6 term is a run of hex digits, `:` and `.`. Candidates are found natively with
 * Buffer.indexOf on the few prefixes the terms share (node names and addresses of one cluster share most of
 * theirs), and looked up in a map; when the terms share no short prefix, every token is looked up.
 */
export class TermMatcher {
  private readonly ids = new Map<string, number>();
  private readonly anchors: Buffer[] | null;

  constructor(terms: readonly string[]) {
    terms.forEach((t, i) => this.ids.set(t, i));
    this.anchors = chooseAnchors(terms);
  }

  /** Calls `mention(termIndex, line)` for each mention in a region of whole lines, in order. */
  scan(buf: Buffer, firstLine: number, mention: (term: number, line: number) => void): void {
    if (this.ids.size === 0) return;
    const hits: number[] = [];
    if (this.anchors) {
      for (const anchor of this.anchors) {
        for (let at = buf.indexOf(anchor); at >= 0; at = buf.indexOf(anchor, at + 1)) {
          if (at > 0 && (isTokenByte(buf[at - 1]) || buf[at - 1] === 0x3a)) continue;
          const id = this.termAt(buf, at);
          if (id >= 0) hits.push(at, id);
        }
      }
      if (this.anchors.length > 1) sortPairs(hits);
    } else {
      for (let at = 0; at < buf.length; ) {
        if (!isTokenByte(buf[at])) {
          at++;
          continue;
        }
        const id = at > 0 && buf[at - 1] === 0x3a ? -1 : this.termAt(buf, at);
        if (id >= 0) hits.push(at, id);
        while (at < buf.length && isTokenByte(buf[at])) at++;
      }
    }
    let line = firstLine;
    let counted = 0;
    for (let i = 0; i < hits.length; i += 2) {
      const at = hits[i] as number;
      line += countNewlines(buf, counted, at);
      counted = at;
      mention(hits[i + 1] as number, line);
    }
  }

  private termAt(buf: Buffer, at: number): number {
    let end = at;
    while (end < buf.length && end - at < 256 && isTokenByte(buf[end])) end++;
    let tokenEnd = end;
    while (tokenEnd > at && (buf[tokenEnd - 1] === 0x2e || buf[tokenEnd - 1] === 0x2d)) tokenEnd--;
    if (buf[end] === 0x2f) {
      let bits = end + 1;
      while (bits < buf.length && bits - end <= 3 && buf[bits] !== undefined && (buf[bits] as number) >= 0x30 && (buf[bits] as number) <= 0x39) bits++;
      if (bits > end + 1) {
        const cidr = this.ids.get(buf.toString('latin1', at, bits));
        if (cidr !== undefined) return cidr;
      }
    }
    if (buf[end] === 0x3a || buf[at + 1] === 0x3a || buf[at] === 0x3a) {
      let v6 = at;
      while (v6 < buf.length && v6 - at < 46 && isV6Byte(buf[v6])) v6++;
      const id = this.ids.get(buf.toString('latin1', at, v6));
      if (id !== undefined) return id;
    }
    if (tokenEnd <= at || buf[tokenEnd] === 0x3a && buf[tokenEnd + 1] === 0x3a) return -1;
    return this.ids.get(buf.toString('latin1', at, tokenEnd)) ?? -1;
  }
}

/** The longest prefix length (2 to 4 bytes) at which the terms share at most 12 distinct prefixes; null if none. */
function chooseAnchors(terms: readonly string[]): Buffer[] | null {
  if (terms.length === 0) return [];
  const shortest = terms.reduce((m, t) => Math.min(m, Buffer.byteLength(t, 'latin1')), Infinity);
  for (let length = Math.min(4, shortest); length >= 2; length--) {
    const prefixes = new Set(terms.map((t) => t.slice(0, length)));
    if (prefixes.size <= 12) return [...prefixes].map((p) => Buffer.from(p, 'latin1'));
  }
  return null;
}

/** Sorts [position, id, position, id, …] by position. */
function sortPairs(pairs: number[]): void {
  const idx = Array.from({ length: pairs.length / 2 }, (_, i) => i).sort((a, b) => (pairs[2 * a] as number) - (pairs[2 * b] as number));
  const copy = pairs.slice();
  idx.forEach((from, to) => {
    pairs[2 * to] = copy[2 * from] as number;
    pairs[2 * to + 1] = copy[2 * from + 1] as number;
  });
}
