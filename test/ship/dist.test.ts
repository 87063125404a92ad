import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { analyse, renderHtml, renderJson } from '../../src/index.js';
import { VERSION } from '../../src/version.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-ship-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const single = join(tmp, 'bin', 'cilium-report.mjs');

/** No node_modules in the folder or any folder above it: the single file must bring everything. */
function assertNoNodeModules(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    assert.ok(!existsSync(join(d, 'node_modules')), `${d}/node_modules exists: the test would not show that the file runs alone`);
    if (dirname(d) === d) break;
  }
}

before(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-single.mjs'), '--out', single], { stdio: 'pipe' });
});

describe('the single-file build (npm run build:single)', () => {
  it('runs with plain node from a folder with no node_modules and writes the same reports as the sources', async () => {
    const work = join(tmp, 'work');
    execFileSync('mkdir', ['-p', work]);
    copyFileSync(join(SAMPLES, 'faults-1.18.zip'), join(work, 'faults.zip'));
    assertNoNodeModules(work);
    assert.equal(execFileSync(process.execPath, [single, '--version'], { cwd: work, encoding: 'utf8' }), `${VERSION}\n`);
    const run = spawnSync(process.execPath, [single, 'faults.zip', '-o', 'out', '-f', 'html,md,json,junit', '-q'], { cwd: work, encoding: 'utf8' });
    assert.equal(run.status, 3, run.stderr);
    assert.deepEqual(readdirSync(join(work, 'out')).sort(), ['junit.xml', 'report.html', 'report.json', 'report.md']);
    const report = await analyse(join(work, 'faults.zip'));
    assert.equal(readFileSync(join(work, 'out', 'report.json'), 'utf8'), renderJson(report));
    assert.equal(readFileSync(join(work, 'out', 'report.html'), 'utf8'), renderHtml(report), 'the inlined templates differ from templates/');
    const grep = spawnSync(process.execPath, [single, 'grep', 'faults.zip', '192.168.10.12', '-l'], { cwd: work, encoding: 'utf8' });
    assert.equal(grep.status, 0, grep.stderr);
    assert.ok(grep.stdout.split('\n').length > 3);
  });
});

describe('the GitHub Action (action.yml and scripts/action.mjs)', () => {
  function action(inputs: Record<string, string>) {
    const ws = mkdtempSync(join(tmp, 'ws-'));
    copyFileSync(join(SAMPLES, 'seed-1.10.zip'), join(ws, 'sysdump.zip'));
    const summary = join(ws, 'summary.md');
    const outputs = join(ws, 'outputs.txt');
    writeFileSync(summary, '');
    writeFileSync(outputs, '');
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/action.mjs')], {
      cwd: ws,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, GITHUB_WORKSPACE: ws, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs, GITHUB_ACTIONS: 'true', CILIUM_REPORT_CLI: single, ...inputs },
    });
    const out = Object.fromEntries(readFileSync(outputs, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { run, out, summary: readFileSync(summary, 'utf8'), ws };
  }

  it('writes the reports, puts the Markdown in the job summary, annotates findings and sets the outputs', () => {
    const { run, out, summary, ws } = action({ INPUT_BUNDLE: 'sysdump.zip', INPUT_FORMATS: 'html,junit' });
    assert.equal(run.status, 0, `the step itself must not fail before the upload: ${run.stderr}`);
    assert.match(summary, /^# cilium-report: sysdump\.zip/);
    assert.equal(out['exit-code'], '3');
    assert.equal(out['report-dir'], join(ws, 'cilium-report'));
    assert.equal(out.errors, '1');
    assert.deepEqual(readdirSync(join(ws, 'cilium-report')).sort(), ['junit.xml', 'report.html', 'report.json', 'report.md']);
    assert.match(run.stdout, /^::error title=CR-3001 Nodes that most agents cannot reach::/m);
  });

  it('--fail-on none gives exit-code 0; a missing bundle is a tool error with an ::error line', () => {
    assert.equal(action({ INPUT_BUNDLE: 'sysdump.zip', INPUT_FAIL_ON: 'none' }).out['exit-code'], '0');
    const missing = action({ INPUT_BUNDLE: 'nope.zip' });
    assert.equal(missing.run.status, 1);
    assert.equal(missing.out['exit-code'], '1');
    assert.match(missing.run.stdout, /^::error title=cilium-report::cilium-report exited 1/m);
    assert.equal(action({ INPUT_BUNDLE: '' }).run.status, 2);
  });

  it('text from the bundle cannot start a workflow command of its own', () => {
    // A stand-in for the CLI whose report carries a message that tries to end the annotation and start a command.
    const fake = join(tmp, 'fake-cli.mjs');
    const evil = 'node down\n::add-mask::x\r\n::error::injected 100%';
    writeFileSync(
      fake,
      `import { mkdirSync, writeFileSync } from 'node:fs';
const out = process.argv[process.argv.indexOf('-o') + 1];
mkdirSync(out, { recursive: true });
writeFileSync(out + '/report.md', '# cilium-report: fake\\n');
writeFileSync(out + '/report.json', JSON.stringify({ findings: [{ id: 'CR-3001', title: 'a, b: c', severity: 'error', message: ${JSON.stringify(evil)} }] }));
process.exit(3);
`,
    );
    const ws = mkdtempSync(join(tmp, 'ws-'));
    writeFileSync(join(ws, 'x.zip'), '');
    const outputs = join(ws, 'o.txt');
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/action.mjs')], { encoding: 'utf8', env: { PATH: process.env.PATH, GITHUB_WORKSPACE: ws, GITHUB_OUTPUT: outputs, CILIUM_REPORT_CLI: fake, INPUT_BUNDLE: 'x.zip' } });
    assert.equal(run.status, 0, run.stderr);
    const commands = run.stdout.split('\n').filter((l) => l.startsWith('::'));
    assert.deepEqual(commands, ['::error title=CR-3001 a%2C b%3A c::node down%0A::add-mask::x%0D%0A::error::injected 100%25']);
  });

  it('action.yml builds the single file, runs the script, uploads the reports and then fails by fail-on', () => {
    const yml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown>; runs: { using: string; steps: { uses?: string; run?: string; if?: string; env?: Record<string, string> }[] } };
    assert.equal(yml.runs.using, 'composite');
    for (const input of ['bundle', 'output', 'formats', 'fail-on', 'args', 'artifact-name']) assert.ok(input in yml.inputs, input);
    const steps = yml.runs.steps;
    const at = (p: (s: (typeof steps)[number]) => boolean) => steps.findIndex(p);
    const build = at((s) => s.run?.includes('npm run build:single') ?? false);
    const script = at((s) => s.run?.includes('scripts/action.mjs') ?? false);
    const upload = at((s) => s.uses?.startsWith('actions/upload-artifact@') ?? false);
    const fail = at((s) => s.run?.includes('exit "$EXIT_CODE"') ?? false);
    assert.ok(build >= 0 && build < script && script < upload && upload < fail, 'steps out of order');
    assert.match(steps[upload]?.if ?? '', /always\(\)/);
    assert.deepEqual(Object.keys(steps[script]?.env ?? {}).sort(), ['CILIUM_REPORT_CLI', 'INPUT_ARGS', 'INPUT_BUNDLE', 'INPUT_FAIL_ON', 'INPUT_FORMATS', 'INPUT_OUTPUT']);
  });
});

describe('the container image (Dockerfile)', () => {
  const engine = spawnSync('docker', ['info'], { encoding: 'utf8' });
  const skip = engine.error ? 'no docker command on this machine' : engine.status !== 0 ? `no Docker engine: \`docker info\` fails (${(engine.stderr || '').trim().split('\n').pop() ?? ''})` : false;

  it('builds, runs as a non-root user and writes the reports into the mounted folder', { skip, timeout: 15 * 60_000 }, () => {
    execFileSync('docker', ['build', '-t', 'cilium-report:test', ROOT], { stdio: 'pipe' });
    const work = mkdtempSync(join(tmp, 'docker-'));
    copyFileSync(join(SAMPLES, 'seed-1.10.zip'), join(work, 'sysdump.zip'));
    execFileSync('chmod', ['0777', work]);
    const run = spawnSync('docker', ['run', '--rm', '-v', `${work}:/work`, 'cilium-report:test', '/work/sysdump.zip', '-q'], { encoding: 'utf8' });
    assert.equal(run.status, 3, run.stderr);
    assert.ok(existsSync(join(work, 'cilium-report-sysdump', 'report.html')));
    assert.notEqual(execFileSync('docker', ['run', '--rm', '--entrypoint', 'id', 'cilium-report:test', '-u'], { encoding: 'utf8' }).trim(), '0');
  });

  it('the Dockerfile uses a small Node 20 base, a non-root user and /work', () => {
    const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    assert.match(text, /^FROM node:20-alpine$/m);
    assert.match(text, /^USER node$/m);
    assert.match(text, /^WORKDIR \/work$/m);
    assert.match(text, /^ENTRYPOINT \["node", "\/opt\/cilium-report\/cilium-report\.mjs"\]$/m);
  });
});
