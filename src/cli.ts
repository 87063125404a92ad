import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OperationalError, UsageError } from './errors.js';
import { analyse, analyseWithTimings, type Timings } from './index.js';
import { DIFF_FORMATS, diffReports, worsened } from './stages/diff/index.js';
import type { Severity } from './model/common.js';
import type { Report } from './model/report.js';
import { terminalProgress } from './progress.js';
import { EXIT, exitCode, type FailOn, FORMATS, type FormatName } from './stages/render/index.js';
import { DEFAULT_LIMITS, type UnpackLimits } from './stages/unpack/types.js';
import { VERSION } from './version.js';

const SEVERITIES = ['error', 'warning', 'info'] as const;
const DEFAULT_FORMATS = ['html', 'md', 'json'];

const HELP = `Usage: cilium-report <bundle> [options]
       cilium-report diff <old-bundle> <new-bundle> [options]   (cilium-report diff --help)

Reads a cilium sysdump (the .zip \`cilium sysdump\` writes, a .tar.gz/.tgz/.tar re-pack, or an unpacked
folder; the format is found from the bytes) and writes an incident report: cross-agent findings with
evidence (bundle file and line), a per-node summary, the health matrix and what the bundle lacks.

Options:
  -o, --output <dir>         where to write the reports (default: ./cilium-report-<bundle name>/);
                             "-" writes the one --format given to stdout
  -f, --format <list>        comma-separated, from: ${Object.keys(FORMATS).join(', ')} (default: ${DEFAULT_FORMATS.join(',')})
      --fail-on <level>      error | warning | info | none (default: error)
      --exit-zero            always exit 0 once a report is written
      --severity <id=level>  override a check's severity, by id or slug (repeatable),
                             e.g. --severity health-latency=error
      --threshold <k=v>      override a check threshold (repeatable),
                             e.g. --threshold ipam-exhaustion.warnPercent=80
      --limit <name=value>   override a limit on the input (repeatable): ${Object.keys(DEFAULT_LIMITS).join(', ')};
                             sizes take K, M, G suffixes, e.g. --limit maxTotalBytes=100G
      --md-full              Markdown: keep everything (default: trimmed to fit a 64 KB GitHub comment)
      --redact               pseudonymise node, pod, namespace, label, host and cluster names and IP
                             addresses in every format, keeping subnet structure (CIDR findings stay true)
      --redact-key <key>     secret for --redact: the same key gives the same pseudonyms on every run
                             (default: a random key per run); implies --redact
      --redact-map <file>    write the original → pseudonym mapping to <file> (never into the report);
                             implies --redact
      --timings              print how long each stage took, on stderr
  -q, --quiet                print nothing but errors
      --debug                print stack traces on tool errors
  -h, --help                 show this help
  -V, --version              show the version

Exit codes:
  0  report written; no finding at or above --fail-on
  1  tool error: no report could be written (not a bundle, unreadable file, internal error)
  2  usage error (unknown flag, missing argument)
  3  report written; at least one finding at or above --fail-on

Environment: NO_COLOR disables colours; progress is shown only on a terminal.
`;

const DIFF_HELP = `Usage: cilium-report diff <old-bundle> <new-bundle> [options]

Compares two bundles of one cluster (before and after an incident or a fix): findings that appeared, were
resolved or changed nodes (matched by check and node, not by text), checks that lost their input (never
counted as fixed), nodes added or removed, agent version, state and kube-proxy-replacement changes, pod CIDR
changes, and health probes that started or stopped failing.

Options:
  -o, --output <dir>         where to write (default: ./cilium-report-diff-<old>-<new>/); "-" writes the
                             one --format given to stdout
  -f, --format <list>        comma-separated, from: html, md, json (default: html,md,json)
      --fail-on <level>      error | warning | info | none (default: error): exit 3 when a new or worsened
                             finding is at or above it
      --exit-zero            always exit 0 once the diff is written
      --limit <name=value>   override a limit on the input, as for a report (repeatable)
  -q, --quiet                print nothing but errors
      --debug                print stack traces on tool errors
  -h, --help                 show this help

Exit codes: 0 written, nothing new at or above --fail-on; 1 tool error; 2 usage error;
3 written, with new or worsened findings at or above --fail-on.
`;

interface DiffOptions {
  old: string;
  new: string;
  output: string;
  formats: ('html' | 'md' | 'json')[];
  failOn: FailOn;
  exitZero: boolean;
  limits: Partial<UnpackLimits>;
  quiet: boolean;
}

interface CliOptions {
  input: string;
  output: string;
  formats: FormatName[];
  failOn: FailOn;
  exitZero: boolean;
  severity: Record<string, Severity>;
  thresholds: Record<string, number>;
  limits: Partial<UnpackLimits>;
  mdFull: boolean;
  redact: boolean;
  redactKey: string | null;
  redactMap: string | null;
  timings: boolean;
  quiet: boolean;
  debug: boolean;
}

interface Io {
  stdout: { write(text: string): unknown; once?(event: 'drain', listener: () => void): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/** The command line: parses argv, runs the analysis, writes the renderings and returns the exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    if (argv[0] === 'diff') {
      const parsed = parseDiff(argv.slice(1));
      if (parsed === 'help') {
        io.stdout.write(DIFF_HELP);
        return EXIT.ok;
      }
      return await runDiff(parsed, io);
    }
    const parsed = parse(argv);
    if (parsed === 'help') {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (parsed === 'version') {
      io.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    }
    return await run(parsed, io);
  } catch (error) {
    return reportError(error, debug, io);
  }
}

type Values = Record<string, string | boolean | string[] | undefined>;

/** Options both commands take. */
const COMMON_OPTIONS = {
  output: { type: 'string', short: 'o' },
  format: { type: 'string', short: 'f' },
  'fail-on': { type: 'string' },
  'exit-zero': { type: 'boolean' },
  limit: { type: 'string', multiple: true },
  quiet: { type: 'boolean', short: 'q' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function argsOf(argv: readonly string[], extra: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...COMMON_OPTIONS, ...extra } });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'Invalid arguments');
  }
}

/** `--format` as a list of names from `allowed`. */
function formatsOf(values: Values, allowed: readonly string[], fallback: string): string[] {
  const formats = String(values.format ?? fallback)
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of formats) if (!allowed.includes(f)) throw new UsageError(`Unknown format "${f}"`, `one of ${allowed.join(', ')}`);
  return formats;
}

function failOnOf(values: Values): FailOn {
  const failOn = String(values['fail-on'] ?? 'error');
  if (![...SEVERITIES, 'none'].includes(failOn)) throw new UsageError(`Invalid --fail-on "${failOn}"`, 'error, warning, info or none');
  return failOn as FailOn;
}

function outputOf(values: Values, fallback: string, formats: readonly string[]): string {
  const output = typeof values.output === 'string' ? values.output : fallback;
  if (output === '-' && formats.length !== 1) throw new UsageError('Output "-" writes one format to stdout', 'exactly one --format');
  return output;
}

function parse(argv: readonly string[]): CliOptions | 'help' | 'version' {
  const { values, positionals } = argsOf(argv, {
    severity: { type: 'string', multiple: true },
    threshold: { type: 'string', multiple: true },
    'md-full': { type: 'boolean' },
    redact: { type: 'boolean' },
    'redact-key': { type: 'string' },
    'redact-map': { type: 'string' },
    timings: { type: 'boolean' },
    version: { type: 'boolean', short: 'V' },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  if (positionals.length === 0) throw new UsageError('Missing bundle argument', 'a .zip, .tar.gz, .tar or folder from `cilium sysdump`');
  if (positionals.length > 1) throw new UsageError(`Too many arguments: ${positionals.map((p) => `"${p}"`).join(' ')}`, 'one bundle');
  const input = positionals[0] as string;

  const formats = formatsOf(values, Object.keys(FORMATS), DEFAULT_FORMATS.join(','));
  const failOn = failOnOf(values);
  const output = outputOf(values, `./cilium-report-${bundleBaseName(input)}`, formats);

  return {
    input,
    output,
    formats: formats as FormatName[],
    failOn,
    exitZero: Boolean(values['exit-zero']),
    severity: pairs(values.severity, '--severity', (v) => {
      if (!(SEVERITIES as readonly string[]).includes(v)) throw new UsageError(`Invalid severity "${v}"`, 'error, warning or info');
      return v as Severity;
    }),
    thresholds: pairs(values.threshold, '--threshold', (v) => {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new UsageError(`Invalid threshold value "${v}"`, 'a number');
      return n;
    }),
    limits: limitsOf(pairs(values.limit, '--limit', parseSize)),
    mdFull: Boolean(values['md-full']),
    redact: Boolean(values.redact || values['redact-key'] !== undefined || values['redact-map'] !== undefined),
    redactKey: typeof values['redact-key'] === 'string' ? values['redact-key'] : null,
    redactMap: typeof values['redact-map'] === 'string' ? values['redact-map'] : null,
    timings: Boolean(values.timings),
    quiet: Boolean(values.quiet),
    debug: Boolean(values.debug),
  };
}

function parseDiff(argv: readonly string[]): DiffOptions | 'help' {
  const { values, positionals } = argsOf(argv, {});
  if (values.help) return 'help';
  if (positionals.length !== 2) throw new UsageError(`diff takes two bundles, got ${positionals.length}`, 'cilium-report diff <old-bundle> <new-bundle>');
  const [old, now] = positionals as [string, string];
  const formats = formatsOf(values, Object.keys(DIFF_FORMATS), 'html,md,json');
  return {
    old,
    new: now,
    output: outputOf(values, `./cilium-report-diff-${bundleBaseName(old)}-${bundleBaseName(now)}`, formats),
    formats: formats as DiffOptions['formats'],
    failOn: failOnOf(values),
    exitZero: Boolean(values['exit-zero']),
    limits: limitsOf(pairs(values.limit, '--limit', parseSize)),
    quiet: Boolean(values.quiet),
  };
}

async function runDiff(options: DiffOptions, io: Io): Promise<number> {
  const old = await analyse(options.old, { limits: options.limits });
  const now = await analyse(options.new, { limits: options.limits });
  const diff = diffReports(old, now);
  const written: string[] = [];
  if (options.output === '-') {
    io.stdout.write(DIFF_FORMATS[options.formats[0] as 'json'].render(diff));
  } else {
    await mkdir(options.output, { recursive: true });
    for (const name of options.formats) {
      const path = join(options.output, DIFF_FORMATS[name].file);
      await writeFile(path, DIFF_FORMATS[name].render(diff));
      written.push(path);
    }
  }
  if (!options.quiet) {
    const f = diff.findings;
    const lines = [
      `cilium-report diff ${diff.old.bundle.name} → ${diff.new.bundle.name}`,
      `  ${f.appeared.length} new, ${f.resolved.length} resolved, ${f.changed.length} changed, ${f.unverified.length} unverified findings; ${diff.visibility.lost.length} checks lost visibility`,
      ...f.appeared.slice(0, 10).map((x) => `  new      ${x.severity.padEnd(7)} ${x.id} ${x.message}`),
      ...f.resolved.slice(0, 10).map((x) => `  resolved ${x.severity.padEnd(7)} ${x.id} ${x.message}`),
      ...written.map((p) => `  wrote ${p}`),
    ];
    io.stderr.write(`${lines.join('\n')}\n`);
  }
  return exitCode({ findings: worsened(diff) }, { failOn: options.failOn, exitZero: options.exitZero });
}

function pairs<T>(raw: unknown, flag: string, value: (v: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const item of (raw as string[] | undefined) ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`Invalid ${flag} "${item}"`, 'name=value');
    out[item.slice(0, eq)] = value(item.slice(eq + 1));
  }
  return out;
}

function limitsOf(raw: Record<string, number>): Partial<UnpackLimits> {
  for (const name of Object.keys(raw)) {
    if (!(name in DEFAULT_LIMITS)) throw new UsageError(`Unknown limit "${name}"`, `one of ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
  }
  return raw as Partial<UnpackLimits>;
}

function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)i?B?$/i.exec(v.trim());
  if (!m) throw new UsageError(`Invalid size "${v}"`, 'a number with an optional K, M, G or T suffix');
  const unit = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[(m[2] ?? '').toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.round(Number(m[1]) * unit);
}

/** `cilium-sysdump-20240513-141502.zip` → `cilium-sysdump-20240513-141502`. */
export function bundleBaseName(input: string): string {
  return basename(resolve(input)).replace(/\.(zip|tar\.gz|tgz|tar)$/i, '') || 'bundle';
}

async function run(options: CliOptions, io: Io): Promise<number> {
  const progress = options.quiet ? {} : terminalProgress({ stream: io.stderr });
  const { report, timings, redaction } = await analyseWithTimings(options.input, {
    severity: options.severity,
    thresholds: options.thresholds,
    limits: options.limits,
    progress,
    ...(options.redact ? { redact: options.redactKey === null ? true : { key: options.redactKey } } : {}),
  });
  if (redaction && options.redactMap) {
    await writeFile(options.redactMap, `${JSON.stringify(redaction, null, 2)}\n`, { mode: 0o600 });
  }
  const t = performance.now();
  const written: string[] = [];
  if (options.output === '-') {
    const format = FORMATS[options.formats[0] as FormatName];
    // Wait for the pipe to drain between chunks: report.json of 2,000 nodes is gigabytes of probes.
    for (const chunk of format.render(report, { mdFull: options.mdFull })) {
      if (io.stdout.write(chunk) === false && io.stdout.once) await new Promise<void>((r) => io.stdout.once?.('drain', () => r()));
    }
  } else {
    await mkdir(options.output, { recursive: true });
    for (const name of options.formats) {
      const format = FORMATS[name];
      const path = join(options.output, format.file);
      await writeChunks(path, format.render(report, { mdFull: options.mdFull }));
      written.push(path);
    }
  }
  const renderMs = performance.now() - t;
  if (!options.quiet) io.stderr.write(summary(report, written, colours(io)));
  if (options.timings) io.stderr.write(timingTable(timings, renderMs));
  return exitCode(report, { failOn: options.failOn, exitZero: options.exitZero });
}

async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  const done = new Promise<void>((res, rej) => {
    out.on('finish', res);
    out.on('error', rej);
  });
  for (const chunk of chunks) {
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await done;
}

interface Colours {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

function colours(io: Io): Colours {
  const on = Boolean(io.stderr.isTTY) && io.env.NO_COLOR === undefined;
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap(31), yellow: wrap(33), dim: wrap(2), bold: wrap(1) };
}

function summary(report: Report, written: readonly string[], c: Colours): string {
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `${c.bold('cilium-report')} ${report.bundle.name}: ${report.cluster.nodes} nodes, ${report.cluster.agents} agents, Cilium ${report.cluster.ciliumVersions.join(', ') || 'unknown'}`,
    `  ${c.red(plural(count('error'), 'error'))}, ${c.yellow(plural(count('warning'), 'warning'))}, ${plural(count('info'), 'info finding')}; ${plural(report.notEvaluated.length, 'check')} not evaluated; ${plural(report.diagnostics.length, 'diagnostic')}`,
  ];
  for (const f of report.findings.slice(0, 10)) {
    const tag = f.severity === 'error' ? c.red('error  ') : f.severity === 'warning' ? c.yellow('warning') : c.dim('info   ');
    lines.push(`  ${tag} ${f.id} ${f.message}${f.nodes.length > 0 ? c.dim(` (${f.nodes.slice(0, 3).join(', ')}${f.nodes.length > 3 ? ', …' : ''})`) : ''}`);
  }
  if (report.findings.length > 10) lines.push(c.dim(`  … ${report.findings.length - 10} more in the report`));
  for (const path of written) lines.push(`  wrote ${path}`);
  return `${lines.join('\n')}\n`;
}

function timingTable(t: Timings, renderMs: number): string {
  const rows: [string, number][] = [
    ['unpack (scan minus parsing)', t.scanMs - t.parseMs],
    ['parse (inside the scan)', t.parseMs],
    ['assemble model', t.assembleMs],
    ['correlate', t.correlateMs],
    ['render and write', renderMs],
  ];
  const parsers = Object.entries(t.parserMs)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([id, ms]) => `timing   parser ${id.padEnd(21)} ${(ms / 1000).toFixed(2)} s`);
  return `${[...rows.map(([name, ms]) => `timing ${name.padEnd(28)} ${(ms / 1000).toFixed(2)} s`), ...parsers].join('\n')}\n`;
}

function reportError(error: unknown, debug: boolean, io: Io): number {
  if (error instanceof OperationalError) {
    io.stderr.write(`cilium-report: ${error.describe()}\n`);
    if (error instanceof UsageError) io.stderr.write('Try `cilium-report --help`.\n');
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.toolError;
  }
  // Not an expected failure: a bug. Print the stack so it can be reported.
  io.stderr.write(`cilium-report: internal error: ${(error as Error)?.message ?? String(error)}\n${(error as Error)?.stack ?? ''}\n`);
  return EXIT.toolError;
}

