import { excerptOf } from '../../model/common.js';

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

/** True when a line carries no command output: blank, a command error, or kubectl's container notice. */
export function isNoise(line: string): boolean {
  return line.trim() === '' || COMMAND_ERROR.test(line) || DEFAULTED_CONTAINER.test(line);
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
 * Removes a `<cluster>/` prefix from a node name (`GetAbsoluteNodeName`, printed when cluster-name ≠ default).
 * Cluster names are DNS labels and node names DNS subdomains; anything else is left whole rather than cut.
 */
export function splitClusterName(name: string): { name: string; cluster: string | null } {
  const slash = name.indexOf('/');
  if (slash <= 0) return { name, cluster: null };
  const cluster = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(cluster) || rest.includes('/') || rest === '') return { name, cluster: null };
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
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
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
