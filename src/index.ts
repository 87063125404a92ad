import { InputError } from './errors.js';
import { CHECKS } from './checks/index.js';
import type { Severity } from './model/common.js';
import type { Report } from './model/report.js';
import type { Bundle } from './model/bundle.js';
import type { ProgressHooks } from './progress.js';
import { buildReport } from './stages/correlate/report.js';
import { runChecks } from './stages/correlate/runner.js';
import { normalise } from './stages/normalise/index.js';
import { openBundle } from './stages/unpack/index.js';
import { addContext } from './stages/context/index.js';
import type { UnpackLimits } from './stages/unpack/types.js';
import { VERSION } from './version.js';
import { checkLimits, checkSeverity, checkThresholds } from './options.js';
import { type RedactionMap, type RedactOptions, Redactor, redactReport } from './stages/redact/index.js';

export interface AnalyseOptions {
  /** Caps on the untrusted bundle (sizes in bytes); defaults in `DEFAULT_LIMITS`. */
  limits?: Partial<UnpackLimits>;
  /** Override a check's severity: check id or slug → level. */
  severity?: Readonly<Record<string, Severity>>;
  /** Override a check threshold: `<slug>.<name>` → value (e.g. `ipam-exhaustion.warnPercent`). */
  thresholds?: Readonly<Record<string, number>>;
  /** Files parsed at once. */
  concurrency?: number;
  /**
   * Worker threads that inflate and parse files of 32 KiB and more, started once a bundle has given 32 MiB to
   * parse; 0 parses everything on the calling thread. Default: one per core.
   */
  workers?: number;
  progress?: ProgressHooks;
  /**
   * Pseudonymise names and addresses in the whole report, keeping subnet structure (`--redact`). `key` makes the
   * pseudonyms stable across runs; without it they are random per run.
   */
  redact?: boolean | RedactOptions;
  /**
   * Index where each node name, node IP and pod CIDR is mentioned in the bundle, for the HTML report: one more pass
   * over every file. `'auto'` (the default) builds it when the bundle unpacks to at most {@link INDEX_AUTO_MAX_BYTES}
   * and says in the report why it did not otherwise; `true` always, `false` never. Evidence windows are embedded
   * either way (a re-read of the cited files only).
   */
  index?: boolean | 'auto';
  /** The size up to which `index: 'auto'` builds the index; default {@link INDEX_AUTO_MAX_BYTES}. */
  indexAutoMaxBytes?: number;
}

/** Unpacked size up to which the mention index is built by default (`index: 'auto'`). */
export const INDEX_AUTO_MAX_BYTES = 256 * 2 ** 20;

const mib = (bytes: number) => Math.round(bytes / 2 ** 20).toLocaleString('en-US');

/** Internal hooks for the CLI: `diff --redact` learns both bundles' names before it redacts either report. */
export interface AnalyseHooks {
  onBundle?(bundle: Bundle): void;
}

export interface Timings {
  /** Wall time of the single pass that decompresses and parses. */
  scanMs: number;
  /** Time inside parsers during that pass, on the main thread. */
  parseMs: number;
  /** Time inside parsers in the worker threads, alongside that pass. */
  workerParseMs: number;
  /** Parse time by parser id. */
  parserMs: Record<string, number>;
  assembleMs: number;
  correlateMs: number;
  /** The context step: evidence windows and the mention index (a second read of the bundle). */
  contextMs: number;
}

/**
 * Reads a cilium sysdump (a zip as `cilium sysdump` writes it, a .tar.gz/.tar re-pack, or a folder) and returns
 * the report: cross-agent findings with evidence, per-node summary, health probes and diagnostics.
 * Rejects with an `InputError` only when the input is not a bundle at all, and with a `UsageError` when an option
 * names a check, threshold or limit that does not exist (with the closest valid name); every problem inside the
 * bundle becomes a diagnostic.
 */
export async function analyse(input: string, options: AnalyseOptions = {}): Promise<Report> {
  return (await analyseWithTimings(input, options)).report;
}

/** {@link analyse}, plus how long each stage took (the CLI's `--timings`). */
export async function analyseWithTimings(input: string, options: AnalyseOptions = {}, hooks: AnalyseHooks = {}): Promise<{ report: Report; timings: Timings; redaction?: RedactionMap }> {
  if (options.severity) checkSeverity(options.severity);
  if (options.thresholds) checkThresholds(options.thresholds);
  if (options.limits) checkLimits(options.limits);
  const { progress } = options;
  const onBytes = progress?.onBytes?.bind(progress);
  const fs = await openBundle(input, {
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(onBytes ? { onBytes } : {}),
  });
  try {
    progress?.onStageStart?.('unpack+normalise');
    const latencyFloor = options.thresholds?.['health-latency.minMs'];
    const { bundle, timings, inflatedBytes } = await normalise(fs, {
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(latencyFloor !== undefined ? { healthNoteFloorMs: latencyFloor } : {}),
      ...(progress?.onFile ? { onFile: progress.onFile } : {}),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
    });
    progress?.onStageEnd?.('unpack+normalise', { ms: timings.scanMs + timings.assembleMs });
    // An archive with nothing a sysdump holds is the wrong file, not a bundle with gaps: say so instead of a blank report.
    if (!bundle.ledger.some((e) => e.parser !== null)) {
      throw new InputError(
        `${bundle.info.name}: not a cilium sysdump`,
        'cilium-sysdump.log, k8s-*.yaml or cilium-bugtool-* outputs inside',
        bundle.ledger.length === 0 ? 'an archive with no readable files' : `${bundle.ledger.length} files, none of them a sysdump output (${bundle.ledger.slice(0, 3).map((e) => e.path).join(', ')})`,
      );
    }
    progress?.onStageStart?.('correlate');
    const t = performance.now();
    const result = runChecks(bundle, CHECKS, {
      ...(options.severity ? { severity: options.severity } : {}),
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    });
    const built = buildReport(bundle, result, CHECKS, { generatorVersion: VERSION, ...(options.thresholds ? { thresholds: options.thresholds } : {}) });
    const correlateMs = performance.now() - t;
    progress?.onStageEnd?.('correlate', { ms: correlateMs });
    const tc = performance.now();
    progress?.onStageStart?.('context');
    const indexAsked = options.index ?? 'auto';
    // The index reads every file once more, the unclaimed ones too (CT tables, kallsyms, bpftool dumps): on a
    // realistic 50-node bundle that is three times the rest of the report (bench/profile.md).
    // What the pass decompresses counts too: a thousand 4 MB entry names unpack to gigabytes of headers, no file.
    const unpacked = Math.max(bundle.ledger.reduce((sum, e) => sum + e.size, 0), inflatedBytes);
    const autoMax = options.indexAutoMaxBytes ?? INDEX_AUTO_MAX_BYTES;
    const withIndex = indexAsked === 'auto' ? unpacked <= autoMax : indexAsked;
    const report = await addContext(fs, built, {
      index: withIndex,
      ...(indexAsked === 'auto' && !withIndex
        ? { indexNote: `The mention index was left out: the bundle unpacks to ${mib(unpacked)} MiB, over the ${mib(autoMax)} MiB up to which it is built by default; --index builds it (one more read of the whole bundle)` }
        : {}),
    });
    const contextMs = performance.now() - tc;
    progress?.onStageEnd?.('context', { ms: contextMs });
    hooks.onBundle?.(bundle);
    if (options.redact) {
      const redactor = new Redactor(bundle, options.redact === true ? {} : options.redact);
      return { report: redactReport(report, redactor), timings: { ...timings, correlateMs, contextMs }, redaction: redactor.map() };
    }
    return { report, timings: { ...timings, correlateMs, contextMs } };
  } finally {
    await fs.close();
  }
}

export { normalise } from './stages/normalise/index.js';
export { openBundle } from './stages/unpack/index.js';
export { runChecks } from './stages/correlate/runner.js';
export { diffReports, worsened, renderDiffHtml, renderDiffJson, renderDiffJunit, renderDiffMarkdown, DiffJsonSchema, DIFF_SCHEMA_VERSION, type DiffJson } from './stages/diff/index.js';
export { Redactor, redactReport, type RedactionMap, type RedactOptions } from './stages/redact/index.js';
export { buildReport } from './stages/correlate/report.js';
export { CHECKS } from './checks/index.js';
export { FORMATS, exitCode, renderHtml, renderJson, renderJsonChunks, renderJunit, renderMarkdown, toReportJson, type RenderOptions } from './stages/render/index.js';
export type { JunitOptions } from './stages/render/junit.js';
export { InputError, LimitExceededError, OperationalError, UsageError } from './errors.js';
export { DEFAULT_LIMITS } from './stages/unpack/types.js';
export type { Report, ReportJson, Finding, NotEvaluated, CheckResult, ProbeJson } from './model/report.js';
export type { Bundle, Agent } from './model/bundle.js';
export type { ReportContext, ContextWindow, MentionIndex, IndexTerm } from './model/context.js';
export { addContext } from './stages/context/index.js';
export { grepBundle, type GrepMatch, type GrepOptions, type GrepSummary } from './stages/search/grep.js';
export type { Diagnostic, Evidence, Severity } from './model/common.js';
export type { UnpackLimits } from './stages/unpack/types.js';
export type { ProgressHooks } from './progress.js';
export { VERSION };
