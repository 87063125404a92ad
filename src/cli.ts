import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OperationalError, UsageError } from './errors.js';
import { checkLimits, checkSeverity, checkThresholds, closest } from './options.js';
import { analyseWithTimings, type Timings } from './index.js';
import { DIFF_FORMATS, type DiffFormatName, diffReports, worsened } from './stages/diff/index.js';
import { Redactor, redactReport } from './stages/redact/index.js';
import type { Bundle } from './model/bundle.js';
import { completionScript, type Shell, SHELLS } from './completion.js';
import { grepBundle } from './stages/search/grep.js';
import { CHECKS } from './checks/index.js';
import type { Severity } from './model/common.js';
import type { Report } from './model/report.js';
import { writeRedactionMap, writeReports } from './output.js';
import { terminalProgress } from './progress.js';
import { EXIT, exitCode, type FailOn, FORMATS, type FormatName, terminalSafe, visible } from './stages/render/index.js';
import { DEFAULT_LIMITS, type UnpackLimits } from './stages/unpack/types.js';
import { VERSION } from './version.js';

const SEVERITIES = ['error', 'warning', 'info'] as const;
const DEFAULT_FORMATS = ['html', 'md', 'json'];

const HELP = `Usage: cilium-report <bundle> [options]
       cilium-report diff <old-bundle> <new-bundle> [options]   (cilium-report diff --help)
       cilium-report grep <bundle> <text|ip|cidr> [options]     (cilium-report grep --help)
       cilium-report completion bash|zsh|fish

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
      --index                build the index of where each node name, node IP and pod CIDR is mentioned
                             whatever the bundle's size (one more read of the whole bundle; by default
                             it is built for bundles that unpack to at most 256 MiB)
      --no-index             never build that index
      --timings              print how long each stage took, on stderr
      --no-color             no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them off a terminal)
  -q, --quiet                print nothing but errors
      --debug                print stack traces on tool errors
  -h, --help                 show this help
  -V, --version              show the version

Examples:
  cilium-report cilium-sysdump-20240513-141502.zip
      writes ./cilium-report-cilium-sysdump-20240513-141502/report.{html,md,json}
  cilium-report sysdump.zip -o - -f md > report.md
      the Markdown alone, on stdout
  cilium-report sysdump.zip -f junit -o out --fail-on warning
      junit.xml for CI; exit 3 on any warning or error
  cilium-report sysdump.zip --severity health-latency=error --threshold ipam-exhaustion.warnPercent=80
  cilium-report sysdump.zip --redact --redact-map map.json
      a report to share: names and addresses pseudonymised, the mapping kept apart
  cilium-report diff before.zip after.zip
  cilium-report grep sysdump.zip 10.0.3.17
  source <(cilium-report completion bash)

Exit codes:
  0  report written; no finding at or above --fail-on
  1  tool error: no report could be written (not a bundle, unreadable file, internal error)
  2  usage error (unknown flag, missing argument)
  3  report written; at least one finding at or above --fail-on

Environment: NO_COLOR disables colours, FORCE_COLOR forces them; progress (bytes read, total and time left) is
shown only on a terminal, and never under CI.
`;

const DIFF_HELP = `Usage: cilium-report diff <old-bundle> <new-bundle> [options]

Compares two bundles of one cluster (before and after an incident or a fix): findings that appeared, were
resolved or changed nodes (matched by check and node, not by text), checks that lost their input (never
counted as fixed), nodes added or removed, agent version, state and kube-proxy-replacement changes, pod CIDR
changes, and health probes that started or stopped failing.

Options:
  -o, --output <dir>         where to write (default: ./cilium-report-diff-<old>-<new>/); "-" writes the
                             one --format given to stdout
  -f, --format <list>        comma-separated, from: html, md, json, junit (default: html,md,json)
      --fail-on <level>      error | warning | info | none (default: error): exit 3 when a new or worsened
                             finding is at or above it (and, in junit.xml, a failure)
      --exit-zero            always exit 0 once the diff is written
      --limit <name=value>   override a limit on the input, as for a report (repeatable)
      --redact               pseudonymise names and addresses in both bundles with one mapping, so the
                             same node has the same pseudonym on both sides
      --redact-key <key>     secret for --redact (stable pseudonyms across runs); implies --redact
      --no-color             no colours
  -q, --quiet                print nothing but errors
      --debug                print stack traces on tool errors
  -h, --help                 show this help

Examples:
  cilium-report diff before.zip after.zip
  cilium-report diff before.zip after.zip -f junit -o - --fail-on warning > diff-junit.xml

Exit codes: 0 written, nothing new at or above --fail-on; 1 tool error; 2 usage error;
3 written, with new or worsened findings at or above --fail-on.
`;

interface DiffOptions {
  old: string;
  new: string;
  output: string;
  /** The output folder was given with -o (a link there is followed), not derived from the bundles' names. */
  outputNamed: boolean;
  formats: DiffFormatName[];
  failOn: FailOn;
  exitZero: boolean;
  limits: Partial<UnpackLimits>;
  redact: boolean;
  redactKey: string | null;
  noColor: boolean;
  quiet: boolean;
}

interface CliOptions {
  input: string;
  output: string;
  /** The output folder was given with -o (a link there is followed), not derived from the bundle's name. */
  outputNamed: boolean;
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
  index: boolean | 'auto';
  noColor: boolean;
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
    if (argv[0] === 'completion') return completionCommand(argv.slice(1), io);
    if (argv[0] === 'grep') return await grepCommand(argv.slice(1), io, debug);
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
  'no-color': { type: 'boolean' },
} as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** What a string option's value is, for the message when it is missing. */
const VALUE_HINTS: Record<string, string> = {
  output: 'a folder to write the reports to, or - for stdout',
  format: 'a comma-separated list of formats',
  'fail-on': 'error, warning, info or none',
  severity: '<check id or slug>=<error|warning|info>',
  threshold: '<check slug>.<name>=<number>',
  limit: '<limit name>=<size or count>',
  'redact-key': 'a secret string',
  'redact-map': 'a file to write the mapping to',
};

/**
 * argv against the options of one command. Node's parser reports a typo as "Unknown option" and a missing value as
 * "argument is ambiguous" or "argument missing"; these checks say instead which option was meant or what value was
 * expected, in one line.
 */
function argsOf(argv: readonly string[], extra: OptionSpec, command = ''): { values: Values; positionals: string[] } {
  const options: OptionSpec = { ...COMMON_OPTIONS, ...extra };
  const flags = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  const { tokens = [] } = parseArgs({ args: [...argv], allowPositionals: true, strict: false, tokens: true, options });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    const shown = token.rawName;
    if (!spec) {
      throw new UsageError(`unknown option ${shown} (did you mean ${closest(shown, flags) ?? '--help'}?)`, `one of the options in cilium-report ${command ? `${command} ` : ''}--help`);
    }
    const label = spec.short ? `-${spec.short}/--${token.name}` : `--${token.name}`;
    if (spec.type === 'string') {
      if (token.value === undefined) throw new UsageError(`option ${label} needs a value`, VALUE_HINTS[token.name] ?? 'a value');
      if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
        throw new UsageError(`option ${label} needs a value, and the next argument is the option ${token.value}`, `${VALUE_HINTS[token.name] ?? 'a value'}; write --${token.name}=${token.value} if that is the value`);
      }
    } else if (token.value !== undefined) {
      throw new UsageError(`option ${label} takes no value`, `${label} alone`, `${shown}=${token.value}`);
    }
  }
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options }) as { values: Values; positionals: string[] };
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
  for (const f of formats) if (!allowed.includes(f)) throw new UsageError(`--format: no format "${f}" (did you mean ${closest(f, allowed)}?)`, `a comma-separated list from ${allowed.join(', ')}`);
  return formats;
}

function failOnOf(values: Values): FailOn {
  const failOn = String(values['fail-on'] ?? 'error');
  if (![...SEVERITIES, 'none'].includes(failOn)) throw new UsageError(`--fail-on: no level "${failOn}" (did you mean ${closest(failOn, [...SEVERITIES, 'none'])}?)`, 'error, warning, info or none');
  return failOn as FailOn;
}

function outputOf(values: Values, fallback: string, formats: readonly string[]): string {
  const output = typeof values.output === 'string' ? values.output : fallback;
  if (output === '-' && formats.length !== 1) throw new UsageError('Output "-" writes one format to stdout', 'exactly one --format');
  return output;
}

const REPORT_OPTIONS: OptionSpec = {
  severity: { type: 'string', multiple: true },
  threshold: { type: 'string', multiple: true },
  'md-full': { type: 'boolean' },
  redact: { type: 'boolean' },
  'redact-key': { type: 'string' },
  'redact-map': { type: 'string' },
  timings: { type: 'boolean' },
  index: { type: 'boolean' },
  'no-index': { type: 'boolean' },
  version: { type: 'boolean', short: 'V' },
};
const DIFF_OPTIONS: OptionSpec = { redact: { type: 'boolean' }, 'redact-key': { type: 'string' } };
/** grep takes the input limits, quiet and debug of the common options; the others do not apply to it. */
const GREP_OPTIONS: OptionSpec = {
  'fixed-strings': { type: 'boolean', short: 'F' },
  'files-with-matches': { type: 'boolean', short: 'l' },
  count: { type: 'boolean', short: 'c' },
};

function parse(argv: readonly string[]): CliOptions | 'help' | 'version' {
  const { values, positionals } = argsOf(argv, REPORT_OPTIONS);
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
    outputNamed: typeof values.output === 'string',
    formats: formats as FormatName[],
    failOn,
    exitZero: Boolean(values['exit-zero']),
    severity: checkSeverity(pairs(values.severity, '--severity', (v) => v), '--severity'),
    thresholds: checkThresholds(
      pairs(values.threshold, '--threshold', (v) => {
        const n = v.trim() === '' ? Number.NaN : Number(v);
        if (!Number.isFinite(n)) throw new UsageError(`--threshold: "${v}" is not a number`, 'a number, e.g. --threshold ipam-exhaustion.warnPercent=80');
        return n;
      }),
      '--threshold',
    ),
    limits: limitsOf(values),
    mdFull: Boolean(values['md-full']),
    redact: Boolean(values.redact || values['redact-key'] !== undefined || values['redact-map'] !== undefined),
    redactKey: typeof values['redact-key'] === 'string' ? values['redact-key'] : null,
    redactMap: typeof values['redact-map'] === 'string' ? values['redact-map'] : null,
    timings: Boolean(values.timings),
    index: values['no-index'] ? false : values.index ? true : 'auto',
    noColor: Boolean(values['no-color']),
    quiet: Boolean(values.quiet),
    debug: Boolean(values.debug),
  };
}

function parseDiff(argv: readonly string[]): DiffOptions | 'help' {
  const { values, positionals } = argsOf(argv, DIFF_OPTIONS, 'diff');
  if (values.help) return 'help';
  if (positionals.length !== 2) throw new UsageError(`diff takes two bundles, got ${positionals.length}`, 'cilium-report diff <old-bundle> <new-bundle>');
  const [old, now] = positionals as [string, string];
  const formats = formatsOf(values, Object.keys(DIFF_FORMATS), 'html,md,json');
  return {
    old,
    new: now,
    output: outputOf(values, `./cilium-report-diff-${bundleBaseName(old)}-${bundleBaseName(now)}`, formats),
    outputNamed: typeof values.output === 'string',
    formats: formats as DiffOptions['formats'],
    failOn: failOnOf(values),
    exitZero: Boolean(values['exit-zero']),
    limits: limitsOf(values),
    redact: Boolean(values.redact || values['redact-key'] !== undefined),
    redactKey: typeof values['redact-key'] === 'string' ? values['redact-key'] : null,
    noColor: Boolean(values['no-color']),
    quiet: Boolean(values.quiet),
  };
}

async function runDiff(options: DiffOptions, io: Io): Promise<number> {
  // One redactor learns both bundles' names before either report is redacted, so a node keeps one pseudonym across the two.
  const redactor = options.redact ? new Redactor(null, options.redactKey === null ? {} : { key: options.redactKey }) : null;
  const hooks = redactor ? { onBundle: (bundle: Bundle) => redactor.learn(bundle) } : {};
  let old = (await analyseWithTimings(options.old, { limits: options.limits, index: false }, hooks)).report;
  let now = (await analyseWithTimings(options.new, { limits: options.limits, index: false }, hooks)).report;
  if (redactor) [old, now] = [redactReport(old, redactor), redactReport(now, redactor)];
  const diff = diffReports(old, now);
  let written: string[] = [];
  const render = (name: DiffFormatName) => DIFF_FORMATS[name].render(diff, { failOn: options.failOn });
  if (options.output === '-') {
    await writeStdout(io, [render(options.formats[0] as DiffFormatName)]);
  } else {
    written = await writeReports(options.output, options.outputNamed, options.formats.map((name) => ({ file: DIFF_FORMATS[name].file, chunks: [render(name)] })));
  }
  if (!options.quiet) io.stderr.write(diffSummary(diff, written));
  return exitCode({ findings: worsened(diff) }, { failOn: options.failOn, exitZero: options.exitZero });
}

const GREP_HELP = `Usage: cilium-report grep <bundle> <text|ip|cidr> [options]

Searches every file of a bundle (nested cilium-bugtool archives included, in one streaming pass, with the
same limits as a report) and prints file:line: line for every matching line. An IP address matches as a
whole address (10.0.3.1 is not found in 10.0.3.17); a CIDR matches every address inside it (10.0.3.0/24
finds 10.0.3.17:4240 and ip=10.0.3.200); anything else is a literal, case-sensitive text. Files with NUL
bytes are not searched. Control characters from the bundle are shown escaped.

Options:
  -F, --fixed-strings        search for the text even when it reads as an address or CIDR
  -l, --files-with-matches   print only the names of files that match
  -c, --count                print only file:count for each file that matches
      --limit <name=value>   override a limit on the input, as for a report (repeatable)
  -q, --quiet                print nothing; the exit code says whether anything matched
      --debug                print stack traces on tool errors
  -h, --help                 show this help

Examples:
  cilium-report grep sysdump.zip 10.0.3.17
  cilium-report grep sysdump.zip 10.0.3.0/24 -l
  cilium-report grep sysdump.zip 'level=error' -c

Exit codes (as grep): 0 a line matched; 1 nothing matched; 2 usage error or the bundle could not be read.
`;

/** `cilium-report completion bash|zsh|fish`: the completion script on stdout. */
function completionCommand(argv: readonly string[], io: Io): number {
  const { values, positionals } = argsOf(argv, {}, 'completion');
  const shell = positionals[0];
  if (values.help || !shell || positionals.length > 1 || !(SHELLS as readonly string[]).includes(shell)) {
    if (values.help) {
      io.stdout.write('Usage: cilium-report completion bash|zsh|fish\n\n  bash: source <(cilium-report completion bash)\n  zsh:  source <(cilium-report completion zsh)\n  fish: cilium-report completion fish | source\n');
      return EXIT.ok;
    }
    throw new UsageError(shell ? `completion: no shell "${shell}" (did you mean ${closest(shell, SHELLS)}?)` : 'completion needs a shell', 'bash, zsh or fish');
  }
  const flagsOf = (spec: OptionSpec) => Object.entries({ ...COMMON_OPTIONS, ...spec } as OptionSpec).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
  const slugs = CHECKS.map((c) => c.slug);
  const thresholds = CHECKS.flatMap((c) => Object.keys(c.thresholds ?? {}).map((n) => `${c.slug}.${n}=`));
  io.stdout.write(
    completionScript(shell as Shell, {
      commands: ['diff', 'grep', 'completion'],
      flags: { '': flagsOf(REPORT_OPTIONS), diff: flagsOf(DIFF_OPTIONS), grep: ['--fixed-strings', '-F', '--files-with-matches', '-l', '--count', '-c', '--limit', '--quiet', '-q', '--debug', '--help', '-h'], completion: ['--help'] },
      values: {
        '--format': Object.keys(FORMATS),
        '-f': Object.keys(FORMATS),
        '--fail-on': [...SEVERITIES, 'none'],
        '--severity': slugs.map((s) => `${s}=`),
        '--threshold': thresholds,
        '--limit': Object.keys(DEFAULT_LIMITS).map((l) => `${l}=`),
      },
      paths: ['--output', '-o', '--redact-map'],
    }),
  );
  return EXIT.ok;
}


/** `cilium-report grep <bundle> <text|ip|cidr>`: exit 0 when a line matched, 1 when none, 2 on any error. */
async function grepCommand(argv: readonly string[], io: Io, debug: boolean): Promise<number> {
  try {
    const { values, positionals } = argsOf(argv, GREP_OPTIONS, 'grep');
    if (values.help) {
      io.stdout.write(GREP_HELP);
      return EXIT.ok;
    }
    if (positionals.length !== 2) throw new UsageError(`grep takes a bundle and a search text, got ${positionals.length} argument(s)`, 'cilium-report grep <bundle> <text|ip|cidr>');
    const [bundle, text] = positionals as [string, string];
    if (text.includes('\n')) throw new UsageError('grep: the search text spans lines', 'text on one line');
    const quiet = Boolean(values.quiet);
    const counts = new Map<string, number>();
    const summary = await grepBundle(
      bundle,
      text,
      (m) => {
        if (quiet) return;
        if (values['files-with-matches'] || values.count) {
          if (!counts.has(m.file) && values['files-with-matches']) io.stdout.write(`${visible(m.file)}\n`);
          counts.set(m.file, (counts.get(m.file) ?? 0) + 1);
          return;
        }
        io.stdout.write(`${visible(m.file)}:${m.line}: ${visible(m.text)}\n`);
      },
      { limits: limitsOf(values), literal: Boolean(values['fixed-strings']) },
    );
    if (values.count && !quiet) for (const [file, n] of [...counts].sort()) io.stdout.write(`${visible(file)}:${n}\n`);
    if (!quiet) {
      for (const d of summary.diagnostics.filter((x) => x.level === 'error').slice(0, 5)) io.stderr.write(`cilium-report grep: ${visible(d.file)}: ${visible(d.message)}\n`);
      if (summary.binary > 0) io.stderr.write(`cilium-report grep: ${summary.binary} binary file(s) not searched\n`);
    }
    return summary.matches > 0 ? EXIT.ok : 1;
  } catch (error) {
    const code = reportError(error, debug, io);
    return code === EXIT.ok ? code : EXIT.usage;
  }
}

function pairs<T>(raw: unknown, flag: string, value: (v: string) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const item of (raw as string[] | undefined) ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} "${item}" is not of the form name=value`, VALUE_HINTS[flag.slice(2)] ?? 'name=value');
    out[item.slice(0, eq)] = value(item.slice(eq + 1));
  }
  return out;
}

/** `--limit name=value`: a known limit name first (with the closest one when it is not), then the value. */
function limitsOf(values: Values): Partial<UnpackLimits> {
  const raw = pairs(values.limit, '--limit', (v) => v);
  checkLimits(Object.fromEntries(Object.keys(raw).map((k) => [k, 1])), '--limit');
  return checkLimits(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, parseSize(v)])), '--limit');
}

function parseSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)i?B?$/i.exec(v.trim());
  if (!m) throw new UsageError(`--limit: "${v}" is not a size or count`, 'a number with an optional K, M, G or T suffix');
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
    index: options.index,
    ...(options.redact ? { redact: options.redactKey === null ? true : { key: options.redactKey } } : {}),
  });
  if (redaction && options.redactMap) await writeRedactionMap(options.redactMap, `${JSON.stringify(redaction, null, 2)}\n`);
  const t = performance.now();
  let written: string[] = [];
  if (options.output === '-') {
    await writeStdout(io, FORMATS[options.formats[0] as FormatName].render(report, { mdFull: options.mdFull, failOn: options.failOn }));
  } else {
    written = await writeReports(options.output, options.outputNamed, options.formats.map((name) => ({ file: FORMATS[name].file, chunks: FORMATS[name].render(report, { mdFull: options.mdFull, failOn: options.failOn }) })));
  }
  const renderMs = performance.now() - t;
  if (!options.quiet) io.stderr.write(summary(report, written, colours(io, options.noColor)));
  if (options.timings) io.stderr.write(timingTable(timings, renderMs));
  return exitCode(report, { failOn: options.failOn, exitZero: options.exitZero });
}

/** A rendering on stdout (`-o -`): the renderers escaped the bundle's text; this is the guard behind them. */
// Waits for the pipe to drain between chunks: report.json of 2,000 nodes is gigabytes of probes.
async function writeStdout(io: Io, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (io.stdout.write(terminalSafe(chunk)) === false && io.stdout.once) await new Promise<void>((r) => io.stdout.once?.('drain', () => r()));
  }
}

/** The diff's lines on stderr, every value from the bundles with its control characters escaped. */
function diffSummary(diff: ReturnType<typeof diffReports>, written: readonly string[]): string {
  const f = diff.findings;
  const lines = [
    `cilium-report diff ${diff.old.bundle.name} → ${diff.new.bundle.name}`,
    ...(diff.notes ?? []).map((n) => `  note: ${n}`),
    `  ${f.appeared.length} new, ${f.resolved.length} resolved, ${f.changed.length} changed, ${f.unverified.length} unverified findings; ${diff.visibility.lost.length} checks lost visibility`,
    ...f.appeared.slice(0, 10).map((x) => `  new      ${x.severity.padEnd(7)} ${x.id} ${x.message}`),
    ...f.resolved.slice(0, 10).map((x) => `  resolved ${x.severity.padEnd(7)} ${x.id} ${x.message}`),
    ...written.map((p) => `  wrote ${p}`),
  ];
  return `${lines.map((l) => visible(l)).join('\n')}\n`;
}

interface Colours {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

/**
 * Colours on a terminal; off with `--no-color` or NO_COLOR (any value, per no-color.org); FORCE_COLOR forces them
 * on off a terminal (FORCE_COLOR=0 forces them off), as chalk and Node itself read it.
 */
function colours(io: Io, noColor = false): Colours {
  const force = io.env.FORCE_COLOR;
  const on = noColor || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') ? false : force !== undefined ? force !== '0' && force !== 'false' : Boolean(io.stderr.isTTY);
  const wrap = (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap(31), yellow: wrap(33), dim: wrap(2), bold: wrap(1) };
}

/** The report's lines on stderr; every value from the bundle goes through `visible` before colours are added. */
function summary(report: Report, written: readonly string[], c: Colours): string {
  const v = (text: string) => visible(text);
  const count = (s: Severity) => report.findings.filter((f) => f.severity === s).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const lines = [
    `${c.bold('cilium-report')} ${v(report.bundle.name)}: ${report.cluster.nodes} nodes, ${report.cluster.agents} agents, Cilium ${v(report.cluster.ciliumVersions.join(', ')) || 'unknown'}`,
    `  ${c.red(plural(count('error'), 'error'))}, ${c.yellow(plural(count('warning'), 'warning'))}, ${plural(count('info'), 'info finding')}; ${plural(report.notEvaluated.length, 'check')} not evaluated; ${plural(report.diagnostics.length, 'diagnostic')}`,
  ];
  for (const f of report.findings.slice(0, 10)) {
    const tag = f.severity === 'error' ? c.red('error  ') : f.severity === 'warning' ? c.yellow('warning') : c.dim('info   ');
    lines.push(`  ${tag} ${f.id} ${v(f.message)}${f.nodes.length > 0 ? c.dim(` (${v(f.nodes.slice(0, 3).join(', '))}${f.nodes.length > 3 ? ', …' : ''})`) : ''}`);
  }
  if (report.findings.length > 10) lines.push(c.dim(`  … ${report.findings.length - 10} more in the report`));
  for (const path of written) lines.push(`  wrote ${v(path)}`);
  return `${lines.join('\n')}\n`;
}

function timingTable(t: Timings, renderMs: number): string {
  const rows: [string, number][] = [
    ['unpack (scan minus parsing)', t.scanMs - t.parseMs],
    ['parse (inside the scan)', t.parseMs],
    ['parse in workers (alongside)', t.workerParseMs],
    ['assemble model', t.assembleMs],
    ['correlate', t.correlateMs],
    ['context (windows, index)', t.contextMs],
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
    io.stderr.write(`cilium-report: ${visible(error.describe())}\n`);
    if (error instanceof UsageError) io.stderr.write('Try `cilium-report --help`.\n');
    if (debug && error.stack) io.stderr.write(`${visible(error.stack, { lines: true })}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.toolError;
  }
  // Not an expected failure: a bug. Print the stack so it can be reported.
  io.stderr.write(`cilium-report: internal error: ${visible((error as Error)?.message ?? String(error))}\n${visible((error as Error)?.stack ?? '', { lines: true })}\n`);
  return EXIT.toolError;
}

