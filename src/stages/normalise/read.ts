import type { LedgerEntry, LedgerStatus } from '../../model/bundle.js';
import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { ParseResult, Parser } from '../../parsers/define.js';
import { findCommandErrors, isOnlyNoise, splitLines } from '../../parsers/util/text.js';
import type { BundleEntry } from '../unpack/types.js';
import { LineSplitter, capLines } from './lines.js';

/** Where a file sits: in an agent's bugtool output (by pod) or among the cluster-level files. */
export type Place = { scope: 'agent'; pod: string; folder: string; inner: string } | { scope: 'root'; dir: string; name: string };

/** One parsed file. */
export interface Parsed {
  parser: Parser;
  file: string;
  place: Place;
  result: ParseResult<unknown>;
}

/** A command error found in an output, for the bundle-gaps check. */
export interface ErrorOutput {
  file: string;
  line: number;
  excerpt: string;
  pod: string | null;
  /** True when the file holds nothing but the error. */
  only: boolean;
}

export interface ReadOptions {
  /** Largest file read whole for a text parser. Larger files are skipped with a diagnostic. */
  maxTextBytes: number;
}

export const DEFAULT_MAX_TEXT_BYTES = 256 * 2 ** 20;

/** Agent outputs of which assembly uses the best one only (`best` in assemble.ts): text and JSON of one command. */
const ONE_PER_AGENT = new Set([
  'cilium-status',
  'cilium-health-get',
  'cilium-node-list',
  'cilium-health-status',
  'hostname',
  'cilium-version',
  'cilium-endpoint-list',
  'cilium-service-list',
  'cilium-ip-list',
  'cilium-lrp-list',
  'cilium-debuginfo',
]);

/** Everything the scan learned, for the assembly step. */
export class Reading {
  readonly parsed: Parsed[] = [];
  readonly ledger: LedgerEntry[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly errorOutputs: ErrorOutput[] = [];
  /** Claimed files that were empty: a command that printed nothing, or a collector that failed after creating the file. */
  readonly emptyOutputs: { file: string; pod: string | null; parser: string }[] = [];
  bytes = 0;
  /** Time spent inside parsers, for `--timings`. */
  parseMs = 0;
  /** Time inside each parser, by parser id: where the parse time goes on a large bundle (`--timings`). */
  readonly parserMs = new Map<string, number>();
  private readonly bestAt = new Map<string, number>();

  constructor(
    private readonly parsers: readonly Parser[],
    private readonly options: ReadOptions,
  ) {}

  /** Parsers that claim a file, best first. */
  claim(place: Place): Parser[] {
    const path = place.scope === 'agent' ? place.inner : place.name;
    return this.parsers
      .filter((p) => p.scope === place.scope && p.files.some((re) => re.test(path)))
      .sort((a, b) => b.preference - a.preference);
  }

  /** Reads one entry with the parser that claims it (the first claim wins; two parsers never read one file). */
  async read(entry: BundleEntry, place: Place): Promise<void> {
    const pod = place.scope === 'agent' ? place.pod : null;
    const parser = this.claim(place)[0];
    if (!parser) {
      this.ledger.push({ path: entry.path, size: Math.max(entry.size, 0), parser: null, status: 'unclaimed', pod });
      return;
    }
    const record = (status: LedgerStatus, size: number) =>
      this.ledger.push({ path: entry.path, size, parser: parser.id, status, pod });

    if (parser.kind === 'text' && entry.size > this.options.maxTextBytes) {
      this.diagnostics.push({
        file: entry.path,
        line: null,
        level: 'warning',
        message: `Too large to read as text: ${entry.size} bytes, expected at most ${this.options.maxTextBytes}`,
      });
      record('skipped', entry.size);
      return;
    }

    try {
      if (parser.kind === 'lines') {
        const { size, result } = await this.readLines(entry, parser);
        if (result === null) {
          this.emptyOutputs.push({ file: entry.path, pod, parser: parser.id });
          record('empty', 0);
          return;
        }
        this.keep({ parser, file: entry.path, place, result });
        record(this.statusOf(result), size);
        return;
      }
      const buffer = await entry.read();
      this.bytes += buffer.length;
      const { text, cut } = capLines(buffer.toString('utf8'));
      for (const n of cut) this.diagnostics.push(cutLine(entry.path, n));
      if (text.trim() === '') {
        this.emptyOutputs.push({ file: entry.path, pod, parser: parser.id });
        record('empty', buffer.length);
        return;
      }
      const lines = splitLines(text);
      const errors = findCommandErrors(lines);
      const only = isOnlyNoise(text);
      for (const e of errors) this.errorOutputs.push({ file: entry.path, line: e.line, excerpt: e.excerpt, pod, only });
      if (only) {
        record('command-error', buffer.length);
        return;
      }
      const t = performance.now();
      const result = safeParse(parser, text, entry.path);
      this.spent(parser.id, performance.now() - t);
      if (result.data === null && errors.length === 0) {
        const lead = leadingError(lines);
        if (lead) {
          this.errorOutputs.push({ file: entry.path, line: lead.line, excerpt: lead.excerpt, pod, only: true });
          record('command-error', buffer.length);
          this.diagnostics.push(...result.diagnostics);
          return;
        }
      }
      this.keep({ parser, file: entry.path, place, result });
      this.diagnostics.push(...result.diagnostics);
      record(this.statusOf(result), buffer.length);
    } catch (error) {
      // Reading failed (truncated archive member, a limit): the unpack stage already said why in its summary.
      this.diagnostics.push({ file: entry.path, line: null, level: 'error', message: `Unreadable: ${(error as Error).message}` });
      record('unreadable', Math.max(entry.size, 0));
    }
  }

  /** Streams an entry through a line parser; the result is null for an empty file. */
  private async readLines(
    entry: BundleEntry,
    parser: Extract<Parser, { kind: 'lines' }>,
  ): Promise<{ size: number; result: ParseResult<unknown> | null }> {
    let sink: ReturnType<typeof parser.start> | null = null;
    let size = 0;
    const splitter = new LineSplitter((text, n) => {
      try {
        sink?.line(text, n);
      } catch (error) {
        this.diagnostics.push({ file: entry.path, line: n, level: 'error', message: `Parser ${parser.id} failed on this line: ${(error as Error).message}` });
      }
    });
    for await (const chunk of entry.stream()) {
      if (sink === null) sink = parser.start(entry.path);
      size += chunk.length;
      const t = performance.now();
      splitter.push(chunk);
      this.spent(parser.id, performance.now() - t);
    }
    this.bytes += size;
    if (sink === null) return { size: 0, result: null };
    const t = performance.now();
    splitter.end();
    for (const n of splitter.cutLines) this.diagnostics.push(cutLine(entry.path, n));
    let result: ParseResult<unknown>;
    try {
      result = sink.end();
    } catch (error) {
      result = { data: null, diagnostics: [{ file: entry.path, line: null, level: 'error', message: `Parser ${parser.id} failed: ${(error as Error).message}` }] };
    }
    this.spent(parser.id, performance.now() - t);
    this.diagnostics.push(...result.diagnostics);
    return { size, result };
  }

  /**
   * Keeps a parsed file for assembly. Of the outputs assembly takes one of per agent (text and JSON forms of one
   * command), only the best is kept, decided as assembly decides it: on a 2,000-node bundle the losers are
   * gigabytes.
   */
  private keep(p: Parsed): void {
    if (p.place.scope === 'agent' && p.result.data !== null && ONE_PER_AGENT.has(p.parser.id)) {
      const key = `${p.place.pod}\0${p.parser.id}`;
      const at = this.bestAt.get(key);
      if (at !== undefined) {
        const seen = this.parsed[at] as Parsed;
        if (p.parser.preference > seen.parser.preference || (p.parser.preference === seen.parser.preference && p.file.localeCompare(seen.file) < 0)) this.parsed[at] = p;
        return;
      }
      this.bestAt.set(key, this.parsed.length);
    }
    this.parsed.push(p);
  }

  private spent(parser: string, ms: number): void {
    this.parseMs += ms;
    this.parserMs.set(parser, (this.parserMs.get(parser) ?? 0) + ms);
  }

  private statusOf(result: ParseResult<unknown>): LedgerStatus {
    if (result.data === null) return 'unreadable';
    return result.diagnostics.some((d) => d.level === 'error') ? 'partial' : 'parsed';
  }
}

/** A parser must never throw on input; if one does, that is our bug, reported as a diagnostic so the run goes on. */
function safeParse(parser: Extract<Parser, { kind: 'text' }>, text: string, file: string): ParseResult<unknown> {
  try {
    return parser.parse(text, file);
  } catch (error) {
    return { data: null, diagnostics: [{ file, line: null, level: 'error', message: `Parser ${parser.id} failed: ${(error as Error).message}` }] };
  }
}

function cutLine(file: string, line: number): Diagnostic {
  return { file, line, level: 'warning', message: 'Too long a line: cut at 1 MiB' };
}

/** An output that starts with an error message instead of the command's output (an API timeout, a refused socket). */
function leadingError(lines: readonly string[]): { line: number; excerpt: string } | null {
  const i = lines.findIndex((l) => l.trim() !== '');
  const first = lines[i];
  if (first === undefined || !/^\s*(Error|error|Failed|failed|FATAL|fatal)\b[:\s]/.test(first)) return null;
  return { line: i + 1, excerpt: excerptOf(first) };
}
