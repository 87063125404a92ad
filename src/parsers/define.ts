import type { Diagnostic } from '../model/common.js';

/** What a parser makes of one file: its records (null when it could read nothing) and what it could not read. */
export interface ParseResult<T> {
  data: T | null;
  diagnostics: Diagnostic[];
  /**
   * Text parsers: 1-based numbers of the non-blank lines the parser neither read nor named in a diagnostic
   * (see `LineAccount`). Empty when every line is accounted for; absent for JSON, YAML and streamed parsers.
   */
  unaccounted?: number[];
  /**
   * Parts named in {@link ParseOptions.superseded} that the parser left unread; they are null in `data`. The
   * caller reads the file again whole if the better file turns out to give nothing.
   */
  left?: string[];
}

/** What the caller knows of a file before it is parsed. */
export interface ParseOptions {
  /**
   * Parts of this output that another file of the same agent gives in a better form (debuginfo's service list
   * beside `cilium service list -o json`), found from the bundle's member names before anything is read. A parser
   * may leave them unread: on a large cluster they are most of the file.
   */
  readonly superseded?: ReadonlySet<string>;
  /**
   * Health probes that answered faster than this many ms are never cited (findings cite failed and slow probes):
   * a parser may leave their line and excerpt out (null and ''), and the line of the node block that holds them.
   * Locating a line is most of the cost of a JSON health output, which every agent prints with a row per node.
   * Absent: every probe is located.
   */
  readonly citeFloorMs?: number;
}

interface ParserBase {
  /** Named after the command (`cilium-status`), not after one version's file name. */
  readonly id: string;
  /**
   * `agent`: a file of a per-agent bugtool folder, matched on its path inside that folder (`cmd/cilium-dbg-status---verbose.md`).
   * `root`: a file at the sysdump root, matched on its name (`k8s-nodes-20240513-141502.yaml`).
   */
  readonly scope: 'agent' | 'root';
  /** Patterns for the path inside the agent folder, or the file name at the root. */
  readonly files: readonly RegExp[];
  /** The form of the output this parser reads. */
  readonly format: 'text' | 'json' | 'yaml' | 'log';
  /** Which outputs win when one agent has several files with the same data: higher wins (JSON over text). */
  readonly preference: number;
  /**
   * An empty file is a normal result of the command (an empty table: no tunnel entries in native routing, no
   * iptables-legacy rules on an nft node), not a sign the collector failed.
   */
  readonly mayBeEmpty?: boolean;
}

/** A parser that reads a whole file as text. Pure: text in, records and diagnostics out; never throws on input. */
export interface TextParser<T> extends ParserBase {
  readonly kind: 'text';
  parse(text: string, file: string, options?: ParseOptions): ParseResult<T>;
}

/** Receives a file line by line, for files too large to hold (logs, cluster-wide YAML lists). */
export interface LineSink<T> {
  /** `n` is the 1-based line number; `text` has no line terminator. */
  line(text: string, n: number): void;
  end(): ParseResult<T>;
}

/** A parser fed one line at a time. Pure: no I/O, never throws on input. */
export interface LineParser<T> extends ParserBase {
  readonly kind: 'lines';
  start(file: string): LineSink<T>;
}

/**
 * A parser that reads a whole file as bytes: for outputs that may be compressed (`conf/kernel-config.gz`). Pure,
 * never throws on input; it bounds what it decompresses itself.
 */
export interface BytesParser<T> extends ParserBase {
  readonly kind: 'bytes';
  parse(bytes: Uint8Array, file: string): ParseResult<T>;
}

export type Parser<T = unknown> = TextParser<T> | LineParser<T> | BytesParser<T>;

export function defineParser<T>(parser: Omit<TextParser<T>, 'kind'> & { kind?: 'text' }): TextParser<T>;
export function defineParser<T>(parser: LineParser<T>): LineParser<T>;
export function defineParser<T>(parser: BytesParser<T>): BytesParser<T>;
export function defineParser<T>(parser: (Omit<TextParser<T>, 'kind'> & { kind?: 'text' }) | LineParser<T> | BytesParser<T>): Parser<T> {
  if (parser.kind === 'lines' || parser.kind === 'bytes') return parser;
  return { ...parser, kind: 'text' } as TextParser<T>;
}

/** Runs a text parser over a text given line by line; lets a whole-text parser be fed from a stream. */
export function parseWhole<T>(parser: Parser<T>, input: string | Uint8Array, file: string): ParseResult<T> {
  if (parser.kind === 'bytes') return parser.parse(typeof input === 'string' ? Buffer.from(input, 'utf8') : input, file);
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  if (parser.kind === 'text') return parser.parse(text, file);
  const sink = parser.start(file);
  let n = 0;
  for (const line of text.split(/\r?\n/)) sink.line(line, ++n);
  return sink.end();
}
