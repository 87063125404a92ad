/**
 * Drill-down data the HTML report embeds, read back from the bundle after correlate (the context step): the lines
 * around every cited evidence line, and where each node name, node IP and pod CIDR is mentioned. Not part of
 * report.json; bounded in size, and what was left out is said in `cut`.
 */
export interface ReportContext {
  /** One window per cited `file:line`, in file and line order. */
  windows: ContextWindow[];
  /** Plain statements of what was left out to stay within the caps ("3 windows not embedded: …"). */
  cut: string[];
  /** Null when the index was not asked for (`--no-index`) or left out for the bundle's size. */
  index: MentionIndex | null;
  /** Why the index was left out, when the reader should know (a large bundle under the default `--index auto`). */
  indexNote?: string;
}

export interface ContextWindow {
  /** Virtual path in the bundle, as in the evidence. */
  file: string;
  /** The cited line (and last cited line of a multi-line excerpt). */
  line: number;
  endLine: number;
  /** Number of the first line in `lines`. */
  start: number;
  /** The file's lines from `start` on, each bounded in length (`…` where cut). */
  lines: string[];
  /** Why the window is shorter than asked, when it is (a cut line, the file's end, the size cap). */
  note: string | null;
}

export type MentionKind = 'node' | 'node-ip' | 'pod-cidr';

export interface IndexTerm {
  /** The name, address or CIDR as written. */
  term: string;
  kind: MentionKind;
  /** The node(s) it belongs to. */
  nodes: string[];
  /** Lines that mention it, and the files they are in, over the whole bundle. */
  lines: number;
  files: number;
  /** The first files that mention it (cluster-level files first, then by path), each with its first lines. */
  mentions: { file: string; lines: number[] }[];
}

export interface MentionIndex {
  terms: IndexTerm[];
  /** Files and bytes searched, and files passed over as binary. */
  searched: { files: number; bytes: number; binary: number };
  /** Caps that were reached, as plain statements. */
  cut: string[];
}
