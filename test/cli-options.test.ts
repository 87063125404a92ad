import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cli, firstLine } from './helpers/cli.js';
import { analyse, UsageError } from '../src/index.js';
import { closest } from '../src/options.js';

const SAMPLES = new URL('../samples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-options-'));
after(() => rmSync(tmp, { recursive: true, force: true }));


const seed = join(SAMPLES, 'seed-1.10.zip');

describe('options reject typos', () => {
  it('a check, threshold or limit that does not exist is a usage error naming the closest valid one', async () => {
    const cases: [string[], RegExp][] = [
      [['--severity', 'nope=error'], /^cilium-report: --severity: no check "nope" \(did you mean "[a-z-]+"\?\)/],
      [['--severity', 'node-unreachabel=error'], /no check "node-unreachabel" \(did you mean "node-unreachable"\?\)/],
      [['--severity', 'node-unreachable=fatal'], /"fatal" is not a severity for node-unreachable \(did you mean "error"\?\)/],
      [['--threshold', 'foo=1'], /^cilium-report: --threshold: no threshold "foo" \(did you mean "[a-z-]+\.[A-Za-z]+"\?\)/],
      [['--threshold', 'ipam-exhaustion.warnPrecent=80'], /did you mean "ipam-exhaustion\.warnPercent"\?\); expected one of ipam-exhaustion\.warnPercent, ipam-exhaustion\.errorPercent/],
      [['--threshold', 'ipam-exhaustion.warnPercent=lots'], /"lots" is not a number/],
      [['--limit', 'maxEntrys=5'], /--limit: no limit "maxEntrys" \(did you mean "maxEntries"\?\)/],
      [['--limit', 'maxEntries=0'], /maxEntries must be a positive number/],
      [['-f', 'htm'], /--format: no format "htm" \(did you mean html\?\)/],
      [['--fail-on', 'warnings'], /--fail-on: no level "warnings" \(did you mean warning\?\)/],
    ];
    for (const [args, message] of cases) {
      const r = await cli([seed, '-o', join(tmp, 'x'), ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(firstLine(r), message, args.join(' '));
    }
  });

  it('flags: an unknown one suggests the closest; a missing value says what value is expected', async () => {
    const cases: [string[], RegExp][] = [
      [[seed, '--sevrity', 'a=b'], /^cilium-report: unknown option --sevrity \(did you mean --severity\?\)/],
      [[seed, '--redcat'], /unknown option --redcat \(did you mean --redact\?\)/],
      [[seed, '-o'], /^cilium-report: option -o\/--output needs a value; expected a folder to write the reports to, or - for stdout$/],
      [['-o', '--quiet', seed], /option -o\/--output needs a value, and the next argument is the option --quiet; .*write --output=--quiet if that is the value/],
      [[seed, '--quiet=yes'], /option -q\/--quiet takes no value/],
      [['diff', 'a', 'b', '--md-full'], /unknown option --md-full .*cilium-report diff --help/],
      [['completion', 'tcsh'], /completion: no shell "tcsh"/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(firstLine(r), message, args.join(' '));
      assert.ok(!r.stderr.includes('    at '), 'a stack trace');
    }
  });

  it('the library throws a UsageError for the same typos, before reading the bundle', async () => {
    await assert.rejects(analyse('/nonexistent.zip', { severity: { nope: 'error' } }), (e: unknown) => e instanceof UsageError && /no check "nope"/.test(e.message));
    await assert.rejects(analyse('/nonexistent.zip', { thresholds: { 'ipam-exhaustion.warnPrecent': 80 } }), (e: unknown) => e instanceof UsageError && /did you mean "ipam-exhaustion\.warnPercent"/.test(e.message));
    await assert.rejects(analyse('/nonexistent.zip', { limits: { maxEntrys: 5 } as never }), (e: unknown) => e instanceof UsageError && /did you mean "maxEntries"/.test(e.message));
    await assert.rejects(analyse('/nonexistent.zip', { severity: { 'CR-3001': 'loud' as never } }), UsageError);
    assert.equal(closest('maxEntrys', ['maxEntries', 'maxFileBytes']), 'maxEntries');
    assert.equal(closest('zzzzzzzz', ['maxEntries'], true), null);
  });

  it('a folder holding several bundles says what it found instead of making an empty report', async () => {
    const dir = join(tmp, 'downloads');
    mkdirSync(dir);
    for (const s of ['seed-1.10.zip', 'healthy-1.16.zip', 'repack-1.14.tar.gz']) copyFileSync(join(SAMPLES, s), join(dir, s));
    writeFileSync(join(dir, 'notes.txt'), 'not a bundle');
    const r = await cli([dir, '-o', join(tmp, 'none')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(firstLine(r), /is a folder holding 3 bundle archives \(healthy-1\.16\.zip, repack-1\.14\.tar\.gz, seed-1\.10\.zip\), not one unpacked sysdump; expected one bundle/);
    const one = join(tmp, 'one');
    mkdirSync(one);
    copyFileSync(seed, join(one, 'seed.zip'));
    assert.match(firstLine(await cli([one])), /holding one bundle archive \(seed\.zip\).*expected the archive itself/);
  });
});

describe('CLI conventions', () => {
  it('--help shows examples and every subcommand', async () => {
    const help = (await cli(['--help'])).stdout;
    assert.match(help, /\nExamples:\n {2}cilium-report cilium-sysdump-/);
    for (const s of ['diff <old-bundle>', 'grep <bundle>', 'completion bash|zsh|fish', '--no-color', 'FORCE_COLOR', '--no-index', '--index ']) assert.ok(help.includes(s), s);
    assert.match((await cli(['grep', '--help'])).stdout, /^Usage: cilium-report grep <bundle> <text\|ip\|cidr>[\s\S]*Examples:/);
    assert.match((await cli(['diff', '--help'])).stdout, /Examples:\n {2}cilium-report diff before\.zip after\.zip/);
  });

  it('colours: on a terminal unless --no-color or NO_COLOR; FORCE_COLOR forces them on off one and off with 0', async () => {
    const args = [seed, '-o', join(tmp, 'c'), '-f', 'md'];
    const red = (r: { stderr: string }) => r.stderr.includes('\u001b[31m');
    assert.equal(red(await cli(args, { tty: true })), true);
    assert.equal(red(await cli([...args, '--no-color'], { tty: true })), false);
    assert.equal(red(await cli(args, { tty: true, env: { NO_COLOR: '1' } })), false);
    assert.equal(red(await cli(args, { env: { FORCE_COLOR: '1' } })), true);
    assert.equal(red(await cli(args, { tty: true, env: { FORCE_COLOR: '0' } })), false);
  });

  it('completion scripts: bash completes subcommands, flags and their values; each script names every flag', async () => {
    const bash = (await cli(['completion', 'bash'])).stdout;
    const script = join(tmp, 'complete.bash');
    writeFileSync(script, bash);
    const complete = (line: string) =>
      execFileSync('bash', ['-c', `source ${script}; COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _cilium_report; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8', cwd: tmp }).trim().split('\n');
    assert.ok(complete("cilium-report ''").includes('diff'));
    assert.deepEqual(complete('cilium-report x.zip --fail-on w'), ['warning']);
    assert.deepEqual(complete('cilium-report x.zip --form'), ['--format']);
    assert.deepEqual(complete('cilium-report x.zip -f j'), ['json', 'junit']);
    assert.ok(complete('cilium-report x.zip --severity node-un').includes('node-unreachable='));
    assert.deepEqual(complete('cilium-report completion z'), ['zsh']);
    assert.ok(complete('cilium-report diff a b --re').includes('--redact-key'));
    for (const shell of ['zsh', 'fish']) {
      const r = await cli(['completion', shell]);
      assert.equal(r.code, 0);
      for (const flag of ['severity', 'threshold', 'fail-on', 'redact-map', 'no-color']) assert.ok(r.stdout.includes(flag), `${shell}: ${flag}`);
    }
    execFileSync('bash', ['-n', script]);
  });
});

describe('progress', () => {
  it('reports bytes done against the total: a zip from its central directory, a tar.gz from its file size', async () => {
    const { statSync } = await import('node:fs');
    const { execFileSync: run } = await import('node:child_process');
    for (const [sample, unit] of [['seed-1.10.zip', 'unpacked'], ['repack-1.14.tar.gz', 'packed']] as const) {
      const seen: [number, number | null, string][] = [];
      await analyse(join(SAMPLES, sample), { index: false, progress: { onBytes: (done, total, u) => seen.push([done, total, u]) } });
      const total = unit === 'packed' ? statSync(join(SAMPLES, sample)).size : Number(/(\d+)\s+\d+ files\s*$/.exec(run('unzip', ['-l', join(SAMPLES, sample)], { encoding: 'utf8' }).trim())?.[1]);
      assert.ok(seen.length > 0, sample);
      assert.ok(seen.every(([, t, u]) => t === total && u === unit), `${sample}: total ${seen[0]?.[1]}, expected ${total}`);
      assert.equal(seen[seen.length - 1]?.[0], total, `${sample}: finished short of the total`);
      assert.ok(seen.every(([d], i) => i === 0 || d >= (seen[i - 1]?.[0] ?? 0)), 'progress went backwards');
    }
  });

  it('draws done, total, percent and time left on a terminal, nothing off one', async () => {
    const { terminalProgress } = await import('../src/progress.js');
    let out = '';
    let t = 0;
    const p = terminalProgress({ stream: { write: (s: string) => (out += s) }, isTTY: true, now: () => t });
    p.onStageStart?.('unpack+normalise');
    t = 10_000;
    p.onBytes?.(256 * 2 ** 20, 1024 * 2 ** 20, 'unpacked');
    assert.match(out, /reading bundle: 256 of 1024 MiB, 25%, 0 files, 0:30 left$/);
    let silent = '';
    const off = terminalProgress({ stream: { write: (s: string) => (silent += s) }, isTTY: false });
    off.onBytes?.(1, 2, 'packed');
    assert.equal(silent, '');
  });
});
