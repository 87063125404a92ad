// The GitHub Action's logic (action.yml runs it): writes the reports of one bundle, puts the Markdown report in
// the job summary, annotates the run with the first findings, and sets the step outputs. It never fails the step
// itself on findings: action.yml uploads the reports first, then fails by `fail-on`. Plain JavaScript, so the
// Action needs nothing but Node; tests run it with fake GITHUB_* variables (test/ship/action.test.ts).
//
// Inputs (as composite actions pass them, through env): INPUT_BUNDLE, INPUT_OUTPUT, INPUT_FORMATS, INPUT_FAIL_ON,
// INPUT_ARGS. CILIUM_REPORT_CLI: the single-file build to run (default: build/cilium-report.mjs beside this file).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isAbsolute, join, resolve } from 'node:path';

const env = process.env;
const workspace = env.GITHUB_WORKSPACE || process.cwd();
const fromWorkspace = (p) => (isAbsolute(p) ? p : resolve(workspace, p));
const cli = env.CILIUM_REPORT_CLI || fileURLToPath(new URL('../build/cilium-report.mjs', import.meta.url));

/** `key=value` lines for GITHUB_OUTPUT; values here are numbers and paths, never multi-line. */
function output(values) {
  if (!env.GITHUB_OUTPUT) return;
  appendFileSync(env.GITHUB_OUTPUT, Object.entries(values).map(([k, v]) => `${k}=${String(v).replace(/[\r\n]/g, ' ')}\n`).join(''));
}

/** A workflow command's data, escaped so that text from the bundle cannot end it or start another one. */
const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function fail(message, code) {
  process.stdout.write(`::error title=cilium-report::${escapeData(message)}\n`);
  output({ 'exit-code': code, 'report-dir': '' });
  process.exit(code);
}

const bundle = (env.INPUT_BUNDLE || '').trim();
if (!bundle) fail('the bundle input is empty: give the path of a cilium sysdump (.zip, .tar.gz, or a folder)', 2);
if (!existsSync(cli)) fail(`${cli} is missing: the Action builds it with npm run build:single`, 1);
const outDir = fromWorkspace((env.INPUT_OUTPUT || 'cilium-report').trim());
const failOn = (env.INPUT_FAIL_ON || 'error').trim();
// The summary needs the Markdown, the outputs need the JSON: both are written whatever else is asked.
const formats = [...new Set([...(env.INPUT_FORMATS || 'html,md,json,junit').split(',').map((f) => f.trim()).filter(Boolean), 'md', 'json'])];
const extra = (env.INPUT_ARGS || '').split(/\s+/).filter(Boolean);

const run = spawnSync(process.execPath, [cli, fromWorkspace(bundle), '-o', outDir, '-f', formats.join(','), '--fail-on', failOn, ...extra], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...env, FORCE_COLOR: '0' },
});
const code = run.status ?? 1;
if (code !== 0 && code !== 3) fail(`cilium-report exited ${code} without writing the reports (see the log above)`, code);

const md = join(outDir, 'report.md');
if (env.GITHUB_STEP_SUMMARY && existsSync(md)) appendFileSync(env.GITHUB_STEP_SUMMARY, `${readFileSync(md, 'utf8')}\n`);

const report = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'));
const count = (s) => report.findings.filter((f) => f.severity === s).length;
for (const f of report.findings.slice(0, 10)) {
  const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  process.stdout.write(`::${level} title=${escapeProperty(`${f.id} ${f.title}`)}::${escapeData(f.message)}\n`);
}
output({ 'exit-code': code, 'report-dir': outDir, findings: report.findings.length, errors: count('error'), warnings: count('warning') });
