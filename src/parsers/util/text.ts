import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { ParseResult } from '../define.js';

/** Splits a command output into lines, accepting `\n` and `\r\n`. The last empty line after a final newline is dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (text.includes('\r')) for (let i = 0; i < lines.length; i++) if ((lines[i] as string).endsWith('\r')) lines[i] = (lines[i] as string).slice(0, -1);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * bugtool appends `> Error while running '<cmd>':  <err>` after the output when a command exits non-zero
 * (before the output in 1.10.0–1.10.5). bugtool/cmd/root.go `writeCmdToFile`.
 */
export const COMMAND_ERROR = /^> Error while running '([^']*)':\s*(.*)$/;

/** kubectl's first line when a pod has several containers: not part of the command output. */
export const DEFAULTED_CONTAINER = /^Defaulted container "[^"]*" out of: /;

export interface CommandError {
  line: number;
  command: string;
  error: string;
  excerpt: string;
}

/**
 * The command-error lines of an output, with 1-based line numbers. Searched in the whole text rather than line by
 * line: they are rare, and the outputs of a large bundle add up to gigabytes.
 */
export function findCommandErrors(text: string): CommandError[] {
  const out: CommandError[] = [];
  // The multiline regex is tried at every line start; a plain search first skips the outputs without one (most).
  if (!text.includes("> Error while running '")) return out;
  const lines = new LineCounter(text);
  for (const m of text.matchAll(/^> Error while running '([^'\n]*)':[^\S\n]*([^\n]*?)\r?$/gm)) {
    const line = (m[0] as string).replace(/\r$/, '');
    out.push({ line: lines.lineOf(m.index ?? 0), command: m[1] ?? '', error: (m[2] ?? '').trim(), excerpt: excerptOf(line) });
  }
  return out;
}

/** 1-based line numbers of offsets visited in increasing order, counting newlines once. */
class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  lineOf(at: number): number {
    for (let i = this.text.indexOf('\n', this.offset); i >= 0 && i < at; i = this.text.indexOf('\n', i + 1)) {
      this.line++;
      this.offset = i + 1;
    }
    return this.line;
  }
}

/** True for an empty or whitespace-only line, without copying it. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** True when a line carries no command output: blank, a command error, or kubectl's container notice. */
export function isNoise(line: string): boolean {
  let i = 0;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  if (i >= line.length || isBlank(line)) return true;
  // Only lines starting `>` or `D` can be either notice: the common case costs no regex and no copy.
  const c = line.charCodeAt(i);
  if (c !== 62 && c !== 68) return false;
  const t = i === 0 ? line : line.slice(i);
  return COMMAND_ERROR.test(t) || DEFAULTED_CONTAINER.test(t);
}

/** True when the text holds nothing but whitespace, command errors and kubectl notices. */
export function isOnlyNoise(text: string): boolean {
  // Stops at the first line of output, which is nearly always the first line.
  for (let start = 0; start < text.length; ) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (!isNoise(line.endsWith('\r') ? line.slice(0, -1) : line)) return false;
    if (end < 0) break;
    start = end + 1;
  }
  return true;
}

/**
 * Removes a `<cluster>/` prefix from a node name (`Fullname`/`GetAbsoluteNodeName`, printed whenever cluster-name
 * is not `default`; pkg/node/types/node.go). A prefix the bundle tells (`known`: the cluster name in cilium-config,
 * the prefix of an agent's own line) is taken first, so a cluster name of any form splits right; without one, the
 * name is cut at its last `/` when what follows is a node name (a DNS subdomain: Kubernetes node names have no
 * `/`) and what comes before has no blank. Cluster names were free-form before 1.15 (`cluster.local`, `prod_eu`);
 * pkg/clustermesh/types/types.go ValidateClusterName).
 */
export function splitClusterName(name: string, known: readonly string[] = []): { name: string; cluster: string | null } {
  for (const cluster of known) {
    if (cluster !== '' && name.length > cluster.length + 1 && name.startsWith(cluster) && name[cluster.length] === '/') {
      const rest = name.slice(cluster.length + 1);
      if (!rest.includes('/')) return { name: rest, cluster };
    }
  }
  const slash = name.lastIndexOf('/');
  if (slash <= 0) return { name, cluster: null };
  const cluster = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/i.test(rest) || /\s/.test(cluster)) return { name, cluster: null };
  return { name: rest, cluster };
}

/** 1-based line of a character offset. */
export function countLines(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Random access to the lines of a text, for excerpts. */
export class LineIndex {
  // Built on first use: most JSON outputs are parsed without any line being asked for.
  private built: number[] | null = null;

  constructor(readonly text: string) {}

  private get starts(): number[] {
    if (this.built) return this.built;
    const starts = [0];
    const text = this.text;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.built = starts;
    return starts;
  }

  get count(): number {
    return this.starts.length;
  }

  /** Text of a 1-based line, without its terminator; '' when out of range. */
  line(n: number): string {
    const start = this.starts[n - 1];
    if (start === undefined) return '';
    const next = this.starts[n];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }

  /** 1-based line of a character offset known to be on line `from` or later. */
  lineOfFrom(offset: number, from: number): number {
    let n = from;
    while (n < this.starts.length && (this.starts[n] as number) <= offset) n++;
    return n;
  }

  /** 1-based line of a character offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/**
 * A command output's lines with the prefix every line carries taken off: the one prefix rule of every text parser.
 * Real outputs reach bundles pasted as shell comments (`# ` on every line), from CI logs (a tab and a space, a
 * Jenkins `00:24:45 ==> vm: ` or `20:01:56 \t ` stamp on every line), or indented as a Markdown code block; and the
 * first line of a paste often carries a stray leading space. `text[i]` is `raw[i]` without its first
 * `raw[i].length - text[i].length` characters, so a parser's columns map back onto the file line.
 */
export interface OutputLines {
  /** The file's lines, for excerpts. */
  raw: string[];
  /** The same lines with the shared prefix removed. */
  text: string[];
}

const SHARED_PREFIXES: readonly RegExp[] = [
  // Pasted as shell comments (cilium-health status pasted into a script, `# ` before every line).
  /^[ \t]*#(?: |$)/,
  // Jenkins or Vagrant CI log stamps: `00:24:45 ==> k8s1: ` (cilium/cilium#2143), `20:01:56 \t ` (#6994).
  /^\d\d:\d\d:\d\d(?:\.\d+)? (?:==> [^\s:]+: |[ \t]*\t ?)/,
  // Ginkgo CI output: a tab and a space before every line, the first line often ` \t ` (cilium/cilium#16664).
  /^ *\t ?/,
];

export function outputLines(text: string): OutputLines {
  const raw = splitLines(text);
  const content = (l: string) => !isNoise(l);
  const first = raw.findIndex(content);
  if (first < 0) return { raw, text: raw };
  for (const prefix of SHARED_PREFIXES) {
    // Tested on the first line of output before all of them: nearly always it fails there.
    if (!prefix.test(raw[first] as string) || !raw.every((l) => !content(l) || prefix.test(l))) continue;
    return { raw, text: dedent(raw.map((l) => (content(l) ? l.replace(prefix, '') : l)), content) };
  }
  return { raw, text: dedent(raw, content) };
}

function indentOf(l: string): number {
  let i = 0;
  while (l.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * Removes the indentation every line shares (a Markdown or RST code block), and a stray space or two before the
 * first line when the lines after it start at the margin. Deeper indentation of a first line is kept: it may be a
 * continuation row of a table cut above it. Returns the same array when there is nothing to remove.
 */
function dedent(lines: string[], content: (l: string) => boolean): string[] {
  let k = Number.POSITIVE_INFINITY;
  for (let i = 0; i < lines.length && k > 0; i++) if (content(lines[i] as string)) k = Math.min(k, indentOf(lines[i] as string));
  const out = Number.isFinite(k) && k > 0 ? lines.map((l) => (content(l) ? l.slice(k) : l)) : lines;
  const first = out.findIndex(content);
  const stray = first < 0 ? 0 : indentOf(out[first] as string);
  if (stray < 1 || stray > 3 || !out.some((l, i) => i > first && content(l) && indentOf(l) === 0)) return out;
  const copy = out === lines ? [...lines] : out;
  copy[first] = (copy[first] as string).slice(stray);
  return copy;
}

/**
 * Which lines of an output a text parser has read: each non-blank line is consumed (a header, separator, record,
 * continuation or known noise) or named in a diagnostic, so nothing is dropped without a word. `unaccounted`
 * lists the others; the read stage reports them, and a test asserts there are none in any parser fixture.
 */
export class LineAccount {
  private readonly taken: Uint8Array;

  constructor(private readonly lines: readonly string[]) {
    this.taken = new Uint8Array(lines.length + 2);
  }

  /** Marks the 1-based line `n` as read. */
  take(n: number): void {
    if (n >= 1 && n < this.taken.length) this.taken[n] = 1;
  }

  /**
   * 1-based numbers of the lines neither taken nor named in one of the diagnostics. Blank lines, command errors
   * (the read stage reports those) and kubectl's container notice carry no output and need no accounting.
   */
  unaccounted(diagnostics: readonly Diagnostic[]): number[] {
    const named = new Set<number>();
    for (const d of diagnostics) if (d.line !== null) named.add(d.line);
    const out: number[] = [];
    for (let i = 0; i < this.lines.length; i++) {
      if (this.taken[i + 1] === 1 || named.has(i + 1)) continue;
      const l = this.lines[i] as string;
      if (!isBlank(l) && !isNoise(l)) out.push(i + 1);
    }
    return out;
  }

  /** The parse result with the lines left unaccounted. */
  result<T>(data: T | null, diagnostics: Diagnostic[]): ParseResult<T> {
    return { data, diagnostics, unaccounted: this.unaccounted(diagnostics) };
  }

  /**
   * The result of an output the parser could read nothing from. A diagnostic for the whole file (an error without
   * a line: "expected `Key: value` lines") names every line of it.
   */
  none(diagnostics: Diagnostic[]): ParseResult<never> {
    const whole = diagnostics.some((d) => d.line === null && d.level === 'error');
    return { data: null, diagnostics, unaccounted: whole ? [] : this.unaccounted(diagnostics) };
  }
}

/** Unreadable lines of one output named one by one; past it they are counted (see {@link UnreadLines}). */
export const MAX_NAMED_LINES = 5;

/**
 * The lines of an output a parser cannot read. The first {@link MAX_NAMED_LINES} get a diagnostic each; the others
 * are counted, and {@link close} adds one diagnostic with how many there were in all and the first and last of the
 * uncounted ones, so a foreign or binary file under a known name yields a handful of diagnostics, not one per line,
 * and still no line is dropped without a word.
 */
export class UnreadLines {
  private total = 0;
  private first = 0;
  private last = 0;

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostic[],
    /** The whole-text parser's account; null for a streamed parser, which keeps none. */
    private readonly account: LineAccount | null,
    private readonly limit = MAX_NAMED_LINES,
  ) {}

  /** Names the 1-based line `n`, which the parser could not read, with `message` (its own words and excerpt). */
  add(n: number, message: string): void {
    if (this.total++ < this.limit) {
      this.diagnostics.push({ file: this.file, line: n, level: 'warning', message });
      return;
    }
    if (this.first === 0) this.first = n;
    this.last = n;
    // Not read, but accounted for: the closing diagnostic counts it and gives the range it lies in.
    this.account?.take(n);
  }

  /** How many lines were not read. */
  get count(): number {
    return this.total;
  }

  /** Adds the closing diagnostic when more lines were unreadable than were named; `what` completes "are not …". */
  close(what: string): void {
    const more = this.total - this.limit;
    if (more <= 0) return;
    const rest = more === 1 ? `the other one is line ${this.first}` : `the other ${more} are between lines ${this.first} and ${this.last}`;
    this.diagnostics.push({ file: this.file, line: this.first, level: 'warning', message: `${this.total} lines are not ${what}; ${this.limit} are named one by one, ${rest}` });
  }
}
