import type { AgentStatus } from '../../model/agent-status.js';
import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { DebugInfo } from '../../model/debuginfo.js';
import type { HealthReport } from '../../model/health.js';
import type { NodeList, NodeListEntry } from '../../model/node-list.js';
import type { AgentService, ServiceList } from '../../model/service.js';
import type { LineParser, ParseOptions, ParseResult, TextParser } from '../../parsers/define.js';
import { findCommandErrors, isOnlyNoise, splitLines } from '../../parsers/util/text.js';
import { detachStrings } from './detach.js';
import { type HealthRows, rowsOfReport, rowsOfTable } from './health-matrix.js';
import { LineSplitter, capLines, decodeText } from './lines.js';

// What one file's bytes give once parsed, with nothing of the scan's state: the same functions run on the main
// thread and in the parse workers (parse-pool.ts), so a report does not depend on where a file was parsed.

/** A command error found in an output, for the bundle-gaps check. */
export interface ErrorOutput {
  file: string;
  line: number;
  excerpt: string;
  pod: string | null;
  /** True when the file holds nothing but the error. */
  only: boolean;
}

/**
 * Health rows taken out of a result as soon as it was read, in compact form: a cilium-health output (`report`),
 * or a verbose status's per-node list (`detailed`, 1.17+) and table (`table`).
 */
export interface ParsedHealth {
  report?: HealthRows;
  detailed?: HealthRows;
  table?: HealthRows;
}

/** What a text output gave: read by {@link parseTextFile}. */
export interface TextOutcome {
  /** Lines cut at 1 MiB. */
  cut: number[];
  /** Nothing but blanks: the parser was not run. */
  blank: boolean;
  /** Nothing but a command error: the parser was not run. */
  only: boolean;
  errors: ErrorOutput[];
  /** Null when the parser was not run (blank, only an error). */
  result: ParseResult<unknown> | null;
  /** When the parser read nothing: the error the output starts with, if it does. */
  lead: { line: number; excerpt: string } | null;
  health?: ParsedHealth;
  /** The keys rows are shared by (see {@link rowKeysOf}), when a worker parsed the file. */
  rowKeys?: RowKeys;
  /** Rows the worker sent before, by their place in what it sent (see {@link RowRefs}); set with rowKeys. */
  rowRefs?: RowRefs;
  /** Time inside the parser. */
  ms: number;
}

/**
 * Node list entries and services as JSON, one key per row in order: agents that agree print the same rows, and
 * the main thread keeps one object per distinct row. Worked out where the file was parsed, so a worker does it.
 */
export interface RowKeys {
  nodes?: string[];
  services?: string[];
}

/**
 * For each shared row a worker sends, where the main thread finds it: at or above 0, the row the worker sent
 * at that place before (in the order it first sent rows, counted per kind), which is not sent again (null in
 * the rows, '' in the keys); -1 for a row sent now and counted, -2 for one sent now past the worker's cap. With
 * 2,000 agents that agree, a node list's rows are sent once instead of once per agent.
 */
export interface RowRefs {
  nodes?: Int32Array;
  services?: Int32Array;
}

/** Rows of a parser's result that agents print alike, so the main thread shares them (read.ts); none for other parsers. */
export function sharedRowsOf(parserId: string, data: unknown): { nodes?: NodeListEntry[]; services?: AgentService[] } {
  if (data === null || data === undefined) return {};
  switch (parserId) {
    case 'cilium-debuginfo': {
      const d = data as DebugInfo;
      return { ...(d.nodeList ? { nodes: d.nodeList.entries } : {}), ...(d.services ? { services: d.services.services } : {}) };
    }
    case 'cilium-node-list':
      return { nodes: (data as NodeList).entries };
    case 'cilium-service-list':
      return { services: (data as ServiceList).services };
    default:
      return {};
  }
}

/** The row keys of a parser's result, for the parsers whose rows are shared; undefined for the others. */
export function rowKeysOf(parserId: string, data: unknown): RowKeys | undefined {
  const { nodes, services } = sharedRowsOf(parserId, data);
  if (!nodes && !services) return undefined;
  const keysOf = (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row));
  return { ...(nodes ? { nodes: keysOf(nodes) } : {}), ...(services ? { services: keysOf(services) } : {}) };
}

/** What a text output says before any parser reads it: nothing at all, or only a command error (a gap either way). */
export function screenText(text: string, file: string, pod: string | null): { blank: boolean; only: boolean; errors: ErrorOutput[] } {
  if (text.trim() === '') return { blank: true, only: false, errors: [] };
  const only = isOnlyNoise(text);
  return { blank: false, only, errors: findCommandErrors(text).map((e) => ({ file, line: e.line, excerpt: e.excerpt, pod, only })) };
}

/**
 * Decodes, screens and parses one text output; the health rows of the result are made compact here too. `detach`
 * copies the result's strings out of the file's text first (detach.ts): needed on the main thread, where the
 * result is kept; a worker's result reaches the main thread as fresh copies anyway.
 */
export function parseTextFile(parser: TextParser<unknown>, buffer: Buffer, file: string, pod: string | null, superseded: ReadonlySet<string> | undefined, healthNoteFloorMs: number, detach: boolean): TextOutcome {
  const { text, cut } = capLines(decodeText(buffer));
  const seen = screenText(text, file, pod);
  const outcome: TextOutcome = { cut, blank: seen.blank, only: seen.only, errors: seen.errors, result: null, lead: null, ms: 0 };
  if (seen.blank || seen.only) return outcome;
  const t = performance.now();
  const result = safeParse(parser, text, file, { ...(superseded ? { superseded } : {}), citeFloorMs: healthNoteFloorMs });
  outcome.ms = performance.now() - t;
  outcome.result = result;
  if (result.data === null && seen.errors.length === 0) outcome.lead = leadingError(splitLines(text));
  if (detach) detachStrings(result.data);
  const health = result.data === null ? undefined : healthOf(parser.id, result.data, healthNoteFloorMs);
  if (health) outcome.health = health;
  return outcome;
}

/** What a line parser made of a whole file held in memory. */
export interface LinesOutcome {
  /** Null for an empty file. */
  result: ParseResult<unknown> | null;
  /** Lines the parser threw on, then lines cut at 1 MiB, in that order. */
  diagnostics: Diagnostic[];
  ms: number;
}

/**
 * Feeds a file to a line parser: chunk by chunk from a stream (`feed`, then `end`), or all at once. The sink's
 * diagnostics come after the ones about single lines.
 */
export class LineFeed {
  readonly diagnostics: Diagnostic[] = [];
  private sink: ReturnType<LineParser<unknown>['start']> | null = null;
  private readonly splitter: LineSplitter;
  ms = 0;

  constructor(
    private readonly parser: LineParser<unknown>,
    private readonly file: string,
  ) {
    this.splitter = new LineSplitter((text, n) => {
      try {
        this.sink?.line(text, n);
      } catch (error) {
        this.diagnostics.push({ file, line: n, level: 'error', message: `Parser ${parser.id} failed on this line: ${(error as Error).message}` });
      }
    });
  }

  feed(chunk: Buffer): void {
    if (this.sink === null) this.sink = this.parser.start(this.file);
    const t = performance.now();
    this.splitter.push(chunk);
    this.ms += performance.now() - t;
  }

  /** The result, null when no chunk came (an empty file). */
  end(): ParseResult<unknown> | null {
    if (this.sink === null) return null;
    const t = performance.now();
    this.splitter.end();
    for (const n of this.splitter.cutLines) this.diagnostics.push(cutLine(this.file, n));
    let result: ParseResult<unknown>;
    try {
      result = this.sink.end();
    } catch (error) {
      result = { data: null, diagnostics: [{ file: this.file, line: null, level: 'error', message: `Parser ${this.parser.id} failed: ${(error as Error).message}` }] };
    }
    this.ms += performance.now() - t;
    return result;
  }
}

/** A line parser over a file held whole. */
export function parseLinesFile(parser: LineParser<unknown>, buffer: Buffer, file: string): LinesOutcome {
  const feed = new LineFeed(parser, file);
  if (buffer.length > 0) feed.feed(buffer);
  const result = feed.end();
  return { result, diagnostics: feed.diagnostics, ms: feed.ms };
}

/**
 * Takes the health rows out of a result, in compact form (they grow with the square of the node count): a
 * cilium-health output keeps its header, a status its counts. Changes `data`.
 */
export function healthOf(parserId: string, data: unknown, noteFloorMs: number): ParsedHealth | undefined {
  switch (parserId) {
    case 'cilium-health-status': {
      const report = data as HealthReport;
      const rows = rowsOfReport(report, noteFloorMs);
      report.nodes = [];
      return { report: rows };
    }
    case 'cilium-status':
      return statusHealth(data as AgentStatus, noteFloorMs);
    case 'cilium-health-get':
    case 'cilium-debuginfo': {
      const status = (data as { status: AgentStatus | null }).status;
      return status ? statusHealth(status, noteFloorMs) : undefined;
    }
    default:
      return undefined;
  }
}

/** Moves a status's per-node health list and table into compact rows; the status keeps its counts. */
function statusHealth(status: AgentStatus, noteFloorMs: number): ParsedHealth | undefined {
  const ch = status.clusterHealth;
  if (!ch || (!ch.detailed && !ch.nodes)) return undefined;
  const health: ParsedHealth = {};
  if (ch.detailed && ch.detailed.nodes.length > 0) health.detailed = { ...rowsOfReport(ch.detailed, noteFloorMs), probeTime: ch.time };
  if (ch.nodes && ch.nodes.length > 0) health.table = rowsOfTable(ch.nodes, ch.time, noteFloorMs);
  status.clusterHealth = { ...ch, detailed: null, nodes: null };
  return health;
}

/** A parser must never throw on input; if one does, that is our bug, reported as a diagnostic so the run goes on. */
function safeParse(parser: TextParser<unknown>, text: string, file: string, options: ParseOptions): ParseResult<unknown> {
  try {
    return parser.parse(text, file, options);
  } catch (error) {
    return { data: null, diagnostics: [{ file, line: null, level: 'error', message: `Parser ${parser.id} failed: ${(error as Error).message}` }] };
  }
}

export function cutLine(file: string, line: number): Diagnostic {
  return { file, line, level: 'warning', message: 'Too long a line: cut at 1 MiB' };
}

/** An output that starts with an error message instead of the command's output (an API timeout, a refused socket). */
function leadingError(lines: readonly string[]): { line: number; excerpt: string } | null {
  const i = lines.findIndex((l) => l.trim() !== '');
  const first = lines[i];
  if (first === undefined || !/^\s*(Error|error|Failed|failed|FATAL|fatal)\b[:\s]/.test(first)) return null;
  return { line: i + 1, excerpt: excerptOf(first) };
}
