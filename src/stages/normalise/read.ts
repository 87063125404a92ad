import type { LedgerEntry, LedgerStatus } from '../../model/bundle.js';
import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { LineParser, ParseResult, Parser, TextParser } from '../../parsers/define.js';
import { PARSERS } from '../../parsers/index.js';
import { DiagnosticLog } from '../unpack/diagnostics.js';
import type { BundleEntry } from '../unpack/types.js';
import type { DebugInfo } from '../../model/debuginfo.js';
import type { NodeListEntry } from '../../model/node-list.js';
import type { AgentService } from '../../model/service.js';
import { detachStrings } from './detach.js';
import { decodeText } from './lines.js';
import { cutLine, type ErrorOutput, LineFeed, type LinesOutcome, type ParsedHealth, parseTextFile, type RowKeys, rowKeysOf, screenText, sharedRowsOf, type TextOutcome } from './parse-file.js';
import { type ParseJob, ParsePool, type ParseReply } from './parse-pool.js';

export type { ErrorOutput } from './parse-file.js';

/** Where a file sits: in an agent's bugtool output (by pod) or among the cluster-level files. */
export type Place = { scope: 'agent'; pod: string; folder: string; inner: string } | { scope: 'root'; dir: string; name: string };

/** One parsed file. */
export interface Parsed {
  parser: Parser;
  file: string;
  place: Place;
  result: ParseResult<unknown>;
  /** Health rows taken out of the result as soon as it was read, in compact form (parse-file.ts). */
  health?: ParsedHealth;
}

export interface ReadOptions {
  /** Largest file read whole for a text parser. Larger files are skipped with a diagnostic. */
  maxTextBytes: number;
  /** Health probes at least this slow keep their excerpt (findings about latency cite them). */
  healthNoteFloorMs: number;
  /**
   * Worker threads that parse files of at least 32 KiB (parse-pool.ts); 0 parses everything on the main thread.
   * Used only with the registered parsers (PARSERS), which the workers load themselves.
   */
  workers: number;
  /**
   * Bytes read on the main thread before the workers start: a small bundle is done before they would be up. A zip
   * whose member list names outputs of {@link WORKERS_AT_AGENTS} agents or more starts them at once.
   */
  workersAfterBytes: number;
  /** Smallest file sent to the workers; smaller ones cost more to send than to parse. */
  offloadMinBytes: number;
}

/**
 * Agents whose outputs a zip's member list names, from which the workers start with the first file rather than
 * after {@link ReadOptions.workersAfterBytes}: such a bundle is large, and until the workers are up the main thread
 * parses alone while the second core idles (the cluster-wide kubectl lists come first, about 2 s at 500 nodes).
 */
const WORKERS_AT_AGENTS = 8;

/** Files parsed in the workers or waiting for them at once; the reader waits past it. */
const MAX_IN_FLIGHT = 16;
/** Largest file handed to a line parser whole (in a worker) instead of as a stream. */
const LINES_WHOLE_MAX_BYTES = 32 * 2 ** 20;

export const DEFAULT_MAX_TEXT_BYTES = 256 * 2 ** 20;

/** Largest less preferred form held until its folder ends (readStreamed); a larger one is parsed at once. */
const HOLD_MAX_BYTES = 64 * 2 ** 20;

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

/** A file left unparsed in the first pass because a better form of the same output is in the same agent folder. */
export interface Deferred {
  /** `pod \0 parser id`, as the best output is kept under. */
  key: string;
  parser: Parser;
}

/** Orders outputs of one command best first: the preferred parser (JSON over text), then by file name. */
export function bestFirst(a: Parsed, b: Parsed): number {
  return b.parser.preference - a.parser.preference || a.file.localeCompare(b.file);
}

/** Everything the scan learned, for the assembly step. */
export class Reading {
  readonly parsed: Parsed[] = [];
  readonly ledger: LedgerEntry[] = [];
  /** Capped per file and per kind: a hostile file can have a million bad lines. */
  readonly diagnostics = new DiagnosticLog();
  readonly errorOutputs: ErrorOutput[] = [];
  /** Claimed files that were empty: a command that printed nothing, or a collector that failed after creating the file. */
  readonly emptyOutputs: { file: string; pod: string | null; parser: string }[] = [];
  bytes = 0;
  /** Time spent inside parsers on this thread, for `--timings`. */
  parseMs = 0;
  /** Time spent inside parsers in the workers, alongside the scan. */
  workerParseMs = 0;
  /** Time inside each parser, by parser id: where the parse time goes on a large bundle (`--timings`). */
  readonly parserMs = new Map<string, number>();
  private readonly bestAt = new Map<string, number>();
  private readonly nodeRows = new Map<string, NodeListEntry>();
  private readonly serviceRows = new Map<string, AgentService>();
  /** Where each file was reached in the scan: results are put back in that order once all are in ({@link inScanOrder}). */
  private readonly order = new Map<string, number>();
  /** By worker: the rows it sent whole and numbered, in its order (RowRefs, resolveRows). */
  private readonly sentRows: { nodes: NodeListEntry[]; services: AgentService[] }[] = [];
  /** Debuginfo files and the parts of them another file of the same agent gives better (from {@link plan}). */
  private readonly superseded = new Map<string, Set<string>>();
  /** Debuginfo files read without some parts: the pod and the parts left, checked after the scan ({@link incomplete}). */
  private readonly partial = new Map<string, { pod: string; left: string[]; diagnostics: Set<string> }>();
  /** Files read a second time, whole: their result replaces the partial one. */
  private readonly rereading = new Set<string>();
  /** Without a member list: less preferred forms held as bytes until their agent folder ends ({@link readStreamed}). */
  private readonly held = new Map<string, { buffer: Buffer; place: Place; key: string; parser: Parser }>();
  private heldFolder: string | null = null;
  /** True once {@link plan} was given the member names. */
  private planned = false;
  /** True when the member names show a large bundle: the workers start at once ({@link WORKERS_AT_AGENTS}). */
  private large = false;
  private pool: ParsePool | null = null;
  /** Files in the workers, until what they gave is recorded. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly parsers: readonly Parser[],
    private readonly options: ReadOptions,
  ) {}

  /**
   * From the bundle's member names, before anything is inflated: the outputs that assembly would drop because the
   * same agent folder holds the same command's output in a preferred form (JSON over text). They are read only if
   * the preferred one gives nothing (see {@link hasBest}).
   */
  plan(names: readonly string[], locate: (path: string) => Place): Map<string, Deferred> {
    this.planned = true;
    const best = new Map<string, number>();
    const claims: { path: string; key: string; parser: Parser; pod: string }[] = [];
    const pods = new Set<string>();
    for (const path of names) {
      const place = locate(path);
      if (place.scope !== 'agent') continue;
      const parser = this.claim(place)[0];
      if (parser) pods.add(place.pod);
      if (!parser || !ONE_PER_AGENT.has(parser.id)) continue;
      const key = `${place.pod}\0${parser.id}`;
      claims.push({ path, key, parser, pod: place.pod });
      best.set(key, Math.max(best.get(key) ?? -Infinity, parser.preference));
    }
    this.large = pods.size >= WORKERS_AT_AGENTS;
    const deferred = new Map<string, Deferred>();
    for (const c of claims) if (c.parser.preference < (best.get(c.key) as number)) deferred.set(c.path, { key: c.key, parser: c.parser });
    // debuginfo repeats the services, endpoints and node list; assembly takes a command's JSON over debuginfo's
    // copy, and any node list over debuginfo's (settle below). Those parts of debuginfo are left unread.
    const better = new Set<string>();
    for (const c of claims) if (SUPERSEDING.some((x) => x.id === c.parser.id && gives(x, c.parser.format))) better.add(c.key);
    for (const c of claims) {
      if (c.parser.id !== 'cilium-debuginfo' || deferred.has(c.path)) continue;
      const parts = new Set<string>();
      for (const x of SUPERSEDING) if (better.has(`${c.pod}\0${x.id}`)) parts.add(x.part);
      if (parts.size > 0) this.superseded.set(c.path, parts);
    }
    return deferred;
  }

  /**
   * After the scan: debuginfo files read without a part whose better file gave nothing after all (empty, an
   * error). They are to be read again whole; the second read replaces the first.
   */
  incomplete(): string[] {
    const again: string[] = [];
    for (const [path, { pod, left }] of this.partial) {
      const kept = this.partsKept(pod);
      const covered = left.every((part) => kept?.has(part));
      if (covered) continue;
      this.superseded.delete(path);
      this.rereading.add(path);
      again.push(path);
    }
    return again;
  }

  /**
   * Reads an entry of a bundle that lists no members up front (a tar is one stream, a folder is walked). A less
   * preferred form of an output (the text beside its JSON; in bugtool's folders the JSON sorts after the text) is
   * held as bytes until its agent folder ends, and parsed then only if the preferred form gave nothing: what
   * {@link plan} decides from a zip's directory, decided here as the folder goes by.
   */
  async readStreamed(entry: BundleEntry, place: Place): Promise<void> {
    const folder = place.scope === 'agent' ? place.folder : null;
    if (folder !== this.heldFolder) await this.release();
    this.heldFolder = folder;
    const parser = this.claim(place)[0];
    if (place.scope === 'agent' && parser && parser.kind === 'text' && ONE_PER_AGENT.has(parser.id) && parser.preference < this.topPreference(parser.id) && entry.size >= 0 && entry.size <= HOLD_MAX_BYTES) {
      const key = `${place.pod}\0${parser.id}`;
      const buffer = await entry.read();
      if (this.hasBest(key)) this.screen(entry.path, buffer, place, parser).commit();
      else this.held.set(entry.path, { buffer, place, key, parser });
      return;
    }
    await this.read(entry, place, parser);
  }

  /** Parses the held forms whose preferred form gave nothing; the others are superseded. Call at the scan's end too. */
  async release(): Promise<void> {
    // Whether a preferred form gave anything is known only once the workers are done with it.
    await this.drain();
    const held = [...this.held];
    this.held.clear();
    for (const [path, { buffer, place, key, parser }] of held) {
      if (this.hasBest(key)) this.screen(path, buffer, place, parser).commit();
      else await this.read({ path, size: buffer.length, read: async () => buffer, stream: async function* () { yield buffer; } }, place, parser);
    }
  }

  /**
   * What a superseded form says without parsing it: that it is empty or holds a command error is a gap in the
   * bundle (bundle-gaps) even when its preferred form gave the data. `commit` records it with the ledger row; a
   * form read after all is recorded by {@link read} instead.
   */
  screen(path: string, buffer: Buffer, place: Place, parser: Parser): { commit: () => void } {
    const pod = place.scope === 'agent' ? place.pod : null;
    const seen = screenText(decodeText(buffer), path, pod);
    const status: LedgerStatus = seen.blank ? 'empty' : seen.only ? 'command-error' : 'superseded';
    return {
      commit: () => {
        if (seen.blank && !parser.mayBeEmpty) this.emptyOutputs.push({ file: path, pod, parser: parser.id });
        for (const e of seen.errors) this.errorOutputs.push(e);
        this.ledger.push({ path, size: buffer.length, parser: parser.id, status, pod });
      },
    };
  }

  private topPreference(id: string): number {
    let top = -Infinity;
    for (const p of this.parsers) if (p.id === id && p.preference > top) top = p.preference;
    return top;
  }

  /** The parts of an agent's debuginfo already kept from a better file (a tar gives them before debuginfo). */
  private partsKept(pod: string): Set<string> | undefined {
    const parts = new Set<string>();
    for (const x of SUPERSEDING) {
      const at = this.bestAt.get(`${pod}\0${x.id}`);
      const data = at === undefined ? null : ((this.parsed[at] as Parsed).result.data as { format?: string } | null);
      if (data !== null && gives(x, data.format)) parts.add(x.part);
    }
    return parts.size > 0 ? parts : undefined;
  }

  /**
   * After the last read: the kept results in the order the scan reached their files, not the order they were
   * parsed in (two workers finish files in any order), so the model does not depend on which worker was faster.
   */
  inScanOrder(): void {
    const at = (p: Parsed) => this.order.get(p.file) ?? Number.MAX_SAFE_INTEGER;
    this.parsed.sort((a, b) => at(a) - at(b));
    // Its positions in `parsed` no longer hold.
    this.bestAt.clear();
  }

  /** True when an output with data is kept under `key` (`pod \0 parser id`). */
  hasBest(key: string): boolean {
    return this.bestAt.has(key);
  }

  /** Parsers that claim a file, best first. */
  claim(place: Place): Parser[] {
    const path = place.scope === 'agent' ? place.inner : place.name;
    return this.parsers
      .filter((p) => p.scope === place.scope && p.files.some((re) => re.test(path)))
      .sort((a, b) => b.preference - a.preference);
  }

  /** Reads one entry with the parser that claims it (the first claim wins; two parsers never read one file). */
  async read(entry: BundleEntry, place: Place, parser: Parser | undefined = this.claim(place)[0]): Promise<void> {
    const pod = place.scope === 'agent' ? place.pod : null;
    if (!parser) {
      this.ledger.push({ path: entry.path, size: Math.max(entry.size, 0), parser: null, status: 'unclaimed', pod });
      return;
    }
    if (!this.order.has(entry.path)) this.order.set(entry.path, this.order.size);
    const record = (status: LedgerStatus, size: number) =>
      this.ledger.push({ path: entry.path, size, parser: parser.id, status, pod });
    const unreadable = (error: unknown) => {
      // Reading failed (truncated archive member, a limit): the unpack stage already said why in its summary.
      this.diagnostics.push({ file: entry.path, line: null, level: 'error', message: `Unreadable: ${(error as Error).message}` });
      record('unreadable', Math.max(entry.size, 0));
    };

    if ((parser.kind === 'text' || parser.kind === 'bytes') && entry.size > this.options.maxTextBytes) {
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
        const pool = entry.size <= LINES_WHOLE_MAX_BYTES ? this.offloadTo(entry.size) : null;
        if (pool) {
          const { size, ...content } = await this.contentOf(entry);
          await this.send(pool, { kind: 'lines', parser: PARSERS.indexOf(parser), ...content, file: entry.path }, (outcome) => this.recordLines(entry.path, place, parser, size, outcome as LinesOutcome, record, true), unreadable);
          return;
        }
        const { size, result, diagnostics, ms } = await this.readLines(entry, parser);
        this.recordLines(entry.path, place, parser, size, { result, diagnostics, ms }, record, false);
        return;
      }
      if (parser.kind === 'bytes') {
        const buffer = await entry.read();
        this.bytes += buffer.length;
        this.readBytes(parser, buffer, entry.path, place, pod, record);
        return;
      }
      const rereading = this.rereading.has(entry.path);
      // Without a plan, what debuginfo may leave unread is what this folder already gave: the workers finish first.
      if (!rereading && !this.planned && parser.id === 'cilium-debuginfo' && pod !== null) await this.drain();
      const superseded = rereading ? undefined : (this.superseded.get(entry.path) ?? (parser.id === 'cilium-debuginfo' && pod !== null ? this.partsKept(pod) : undefined));
      const pool = this.offloadTo(entry.size);
      if (pool) {
        const { size, ...content } = await this.contentOf(entry);
        const job = { kind: 'text' as const, parser: PARSERS.indexOf(parser), ...content, file: entry.path, pod, superseded: superseded ? [...superseded] : null, floor: this.options.healthNoteFloorMs };
        await this.send(pool, job, (outcome) => this.recordText(entry.path, place, parser, size, outcome as TextOutcome, record, true), unreadable);
        return;
      }
      const buffer = await entry.read();
      this.bytes += buffer.length;
      this.recordText(entry.path, place, parser, buffer.length, parseTextFile(parser, buffer, entry.path, pod, superseded, this.options.healthNoteFloorMs, true), record, false);
    } catch (error) {
      unreadable(error);
    }
  }

  /** What a text parser gave, into the ledger, the diagnostics and the kept results. */
  private recordText(path: string, place: Place, parser: TextParser<unknown>, size: number, outcome: TextOutcome, record: (status: LedgerStatus, size: number) => void, worker: boolean): void {
    const pod = place.scope === 'agent' ? place.pod : null;
    for (const n of outcome.cut) this.diagnostics.push(cutLine(path, n));
    if (outcome.blank) {
      if (!parser.mayBeEmpty) this.emptyOutputs.push({ file: path, pod, parser: parser.id });
      record('empty', size);
      return;
    }
    for (const e of outcome.errors) this.errorOutputs.push(e);
    if (outcome.only || outcome.result === null) {
      record('command-error', size);
      return;
    }
    const result = outcome.result;
    this.spent(parser.id, outcome.ms, worker);
    const first = this.rereading.has(path) ? this.partial.get(path) : undefined;
    if (first) {
      // The second, whole read: what the first read said is not said twice, and its ledger row is replaced.
      result.diagnostics = result.diagnostics.filter((d) => !first.diagnostics.has(diagnosticKey(d)));
      const row = this.ledger.findIndex((e) => e.path === path);
      if (row >= 0) this.ledger.splice(row, 1);
      this.partial.delete(path);
    } else if (result.left && result.left.length > 0 && pod !== null) {
      this.partial.set(path, { pod, left: result.left, diagnostics: new Set(result.diagnostics.map(diagnosticKey)) });
    }
    if (outcome.lead) {
      this.errorOutputs.push({ file: path, line: outcome.lead.line, excerpt: outcome.lead.excerpt, pod, only: true });
      record('command-error', size);
      for (const item of result.diagnostics) this.diagnostics.push(item);
      return;
    }
    this.keep({ parser, file: path, place, result, ...(outcome.health ? { health: outcome.health } : {}) }, true, worker ? null : undefined);
    for (const item of result.diagnostics) this.diagnostics.push(item);
    const skipped = result.unaccounted ?? [];
    if (skipped.length > 0) {
      // A parser that neither read a line nor named it: said here, so no line is ever lost unseen.
      const shown = skipped.slice(0, 5).join(', ');
      this.diagnostics.push({
        file: path,
        line: skipped[0] as number,
        level: 'warning',
        message: `${skipped.length} line${skipped.length === 1 ? ' was' : 's were'} not read by ${parser.id}: line${skipped.length === 1 ? '' : 's'} ${shown}${skipped.length > 5 ? ', …' : ''}`,
      });
    }
    record(this.statusOf(result), size);
  }

  /** What a line parser gave; `worker` when it was parsed in a worker (its strings are then its own already). */
  private recordLines(path: string, place: Place, parser: LineParser<unknown>, size: number, outcome: LinesOutcome, record: (status: LedgerStatus, size: number) => void, worker: boolean): void {
    this.spent(parser.id, outcome.ms, worker);
    for (const item of outcome.diagnostics) this.diagnostics.push(item);
    const { result } = outcome;
    if (result === null) {
      if (!parser.mayBeEmpty) this.emptyOutputs.push({ file: path, pod: place.scope === 'agent' ? place.pod : null, parser: parser.id });
      record('empty', 0);
      return;
    }
    for (const item of result.diagnostics) this.diagnostics.push(item);
    this.keep({ parser, file: path, place, result }, worker);
    record(this.statusOf(result), size);
  }

  /** An entry's bytes for a worker: still compressed where the archive allows (the worker inflates them), else read. */
  private async contentOf(entry: BundleEntry): Promise<{ size: number; buffer: Uint8Array; packed?: { method: number; size: number } }> {
    if (entry.packed) {
      const { bytes, method, size } = await entry.packed();
      this.bytes += size;
      return { size, buffer: bytes, packed: { method, size } };
    }
    const buffer = await entry.read();
    this.bytes += buffer.length;
    return { size: buffer.length, buffer };
  }

  /** The workers, started once the main thread has read enough to tell the bundle is large; null while not. */
  private workerPool(): ParsePool | null {
    if (this.pool) return this.pool;
    if (this.options.workers <= 0 || (this.bytes < this.options.workersAfterBytes && !this.large) || this.parsers !== PARSERS || !ParsePool.available()) return null;
    this.pool = new ParsePool(this.options.workers, (worker, reply) => this.resolveRows(worker, reply));
    return this.pool;
  }

  /** The workers, for a file of this size, or null to parse it here (a small file, a small bundle). */
  private offloadTo(size: number): ParsePool | null {
    return size >= this.options.offloadMinBytes ? this.workerPool() : null;
  }

  /**
   * Hands a file to the workers and returns once it is queued; `done` records what it gave. Past
   * {@link MAX_IN_FLIGHT} files it waits, so a fast reader cannot pile up the bundle's bytes in memory.
   */
  private async send(pool: ParsePool, job: Omit<ParseJob, 'id'>, done: (outcome: TextOutcome | LinesOutcome) => void, failed: (error: unknown) => void): Promise<void> {
    while (this.inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.inFlight);
    const task = pool
      .run(job)
      .then((reply) => {
        if (reply.kind === 'failed') throw new Error(reply.message);
        done(reply.outcome);
      })
      .catch(failed)
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  /** Waits until every file sent to the workers is recorded. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await this.drain();
    await this.pool?.close();
    this.pool = null;
  }

  /** A bytes parser's file (possibly compressed): no command-error scan of binary content. */
  private readBytes(
    parser: Extract<Parser, { kind: 'bytes' }>,
    buffer: Buffer,
    file: string,
    place: Place,
    pod: string | null,
    record: (status: LedgerStatus, size: number) => void,
  ): void {
    if (buffer.length === 0) {
      this.emptyOutputs.push({ file, pod, parser: parser.id });
      record('empty', 0);
      return;
    }
    const t = performance.now();
    let result: ParseResult<unknown>;
    try {
      result = parser.parse(buffer, file);
    } catch (error) {
      result = { data: null, diagnostics: [{ file, line: null, level: 'error', message: `Parser ${parser.id} failed: ${(error as Error).message}` }] };
    }
    this.spent(parser.id, performance.now() - t);
    this.keep({ parser, file, place, result }, false);
    for (const item of result.diagnostics) this.diagnostics.push(item);
    record(this.statusOf(result), buffer.length);
  }

  /** Streams an entry through a line parser; the result is null for an empty file. */
  private async readLines(entry: BundleEntry, parser: LineParser<unknown>): Promise<{ size: number } & LinesOutcome> {
    const feed = new LineFeed(parser, entry.path);
    let size = 0;
    for await (const chunk of entry.stream()) {
      size += chunk.length;
      feed.feed(chunk);
    }
    this.bytes += size;
    const result = feed.end();
    return { size: result === null ? 0 : size, result, diagnostics: feed.diagnostics, ms: feed.ms };
  }

  /**
   * Keeps a parsed file for assembly. Of the outputs assembly takes one of per agent (text and JSON forms of one
   * command), only the best is kept, decided as assembly decides it: on a 2,000-node bundle the losers are
   * gigabytes.
   */
  private keep(p: Parsed, detached: boolean, keys?: RowKeys | null): void {
    // Before sharing rows: the result is still a tree of its own, not yet sharing node rows with other agents'.
    if (!detached) detachStrings(p.result.data);
    // null: a worker's result, whose rows were shared as its reply arrived (resolveRows).
    if (keys !== null) this.shareRows(p, keys ?? rowKeysOf(p.parser.id, p.result.data));
    if (p.place.scope === 'agent' && p.result.data !== null && ONE_PER_AGENT.has(p.parser.id)) {
      const key = `${p.place.pod}\0${p.parser.id}`;
      const at = this.bestAt.get(key);
      if (at !== undefined) {
        const seen = this.parsed[at] as Parsed;
        if (bestFirst(p, seen) < 0 || (this.rereading.has(p.file) && seen.file === p.file)) this.parsed[at] = p;
        return;
      }
      this.bestAt.set(key, this.parsed.length);
    }
    this.parsed.push(p);
    if (p.place.scope === 'agent') this.settle(p.place.pod);
  }

  /**
   * debuginfo repeats the agent's services, endpoints and node list. Assembly takes a command's JSON output over
   * debuginfo's copy, and debuginfo's over the command's text (and any node list over debuginfo's): once both are
   * read, the one that loses is dropped.
   */
  private settle(pod: string): void {
    const kept = (id: string) => {
      const at = this.bestAt.get(`${pod}\0${id}`);
      return at === undefined ? null : (this.parsed[at] as Parsed);
    };
    const debuginfo = kept('cilium-debuginfo')?.result.data as DebugInfo | null | undefined;
    if (!debuginfo) return;
    for (const [id, field] of [
      ['cilium-service-list', 'services'],
      ['cilium-endpoint-list', 'endpoints'],
    ] as const) {
      const own = kept(id);
      const list = own?.result.data as { format: 'text' | 'json' } | null | undefined;
      if (!own || !list) continue;
      if (list.format === 'json') debuginfo[field] = null;
      else if (debuginfo[field]) own.result = { ...own.result, data: null };
    }
    if (kept('cilium-node-list')?.result.data) debuginfo.nodeList = null;
  }

  /**
   * As a worker's reply arrives, before anything else reads it: the rows it sent as numbers are put back from what
   * that worker sent before, and every row is shared with other agents' as {@link shareRows} does. Every reply is
   * read here, kept or not, so the rows numbered by the worker are the rows counted here, in the same order.
   */
  private resolveRows(worker: number, reply: ParseReply): void {
    if (reply.kind !== 'text') return;
    const { outcome } = reply;
    const { rowRefs: refs, rowKeys: keys } = outcome;
    if (!refs || !keys) return;
    const table = (this.sentRows[worker] ??= { nodes: [], services: [] });
    const rows = sharedRowsOf((PARSERS[reply.parser] as Parser).id, outcome.result?.data);
    resolve(rows.nodes, refs.nodes, keys.nodes, table.nodes, this.nodeRows);
    resolve(rows.services, refs.services, keys.services, table.services, this.serviceRows);
  }

  /**
   * Node lists and service lists grow with the square of the node count (every agent lists every node); the rows
   * that agents print alike are shared. Health rows, which grow the same way, are made compact as they are parsed
   * (parse-file.ts).
   */
  private shareRows(p: Parsed, keys: RowKeys | undefined): void {
    if (!keys) return;
    const rows = sharedRowsOf(p.parser.id, p.result.data);
    internRows(rows.nodes, keys.nodes, this.nodeRows);
    internRows(rows.services, keys.services, this.serviceRows);
  }

  private spent(parser: string, ms: number, worker = false): void {
    if (worker) this.workerParseMs += ms;
    else this.parseMs += ms;
    this.parserMs.set(parser, (this.parserMs.get(parser) ?? 0) + ms);
  }

  private statusOf(result: ParseResult<unknown>): LedgerStatus {
    if (result.data === null) return 'unreadable';
    return result.diagnostics.some((d) => d.level === 'error') ? 'partial' : 'parsed';
  }
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.line}\0${d.level}\0${d.message}`;
}

/**
 * The outputs that supersede a part of debuginfo, and that part: a command's JSON, or any form of it (`anyForm`,
 * the node list), as assembly prefers them (settle).
 */
const SUPERSEDING: readonly { id: string; part: string; anyForm: boolean }[] = [
  { id: 'cilium-service-list', part: 'services', anyForm: false },
  { id: 'cilium-endpoint-list', part: 'endpoints', anyForm: false },
  { id: 'cilium-node-list', part: 'nodeList', anyForm: true },
];

/** True when an output of this form gives the part better than debuginfo does. */
function gives(source: (typeof SUPERSEDING)[number], format: string | undefined): boolean {
  return source.anyForm || format === 'json';
}

/** Distinct rows kept for sharing, per kind. */
const MAX_INTERNED = 200_000;

/**
 * Agents that agree print the same rows (node list entries; services, with the same line and backends): they share
 * the row objects, since 2,000 agents × 2,000 rows add up.
 */
function internRows<T>(rows: T[] | undefined, keys: readonly string[] | undefined, seen: Map<string, T>): void {
  if (!rows || !keys || keys.length !== rows.length) return;
  for (let i = 0; i < rows.length; i++) rows[i] = shared(rows[i] as T, keys[i] as string, seen);
}

/** The row kept under `key`, or this one, kept under it while there is room. */
function shared<T>(row: T, key: string, seen: Map<string, T>): T {
  const kept = seen.get(key);
  if (kept) return kept;
  // Agents that disagree on every row would only double what is held: past the cap, rows stay their own.
  if (seen.size < MAX_INTERNED) seen.set(key, row);
  return row;
}

/** Puts back the rows a worker sent as numbers and shares the others, as {@link internRows} does. */
function resolve<T>(rows: (T | null)[] | undefined, refs: Int32Array | undefined, keys: readonly string[] | undefined, table: T[], seen: Map<string, T>): void {
  if (!rows || !refs || !keys || refs.length !== rows.length || keys.length !== rows.length) return;
  for (let i = 0; i < rows.length; i++) {
    const ref = refs[i] as number;
    if (ref >= 0) {
      // A worker never numbers past what it sent; a missing row would be a bug, and the file is then unreadable.
      const row = table[ref];
      if (row === undefined) throw new Error(`a parse worker referred to row ${ref} of ${table.length} it sent`);
      rows[i] = row;
      continue;
    }
    const row = shared(rows[i] as T, keys[i] as string, seen);
    rows[i] = row;
    if (ref === -1) table.push(row);
  }
}
