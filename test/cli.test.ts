import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { cli } from './helpers/cli.js';
import { VERSION } from '../src/version.js';

const SAMPLES = new URL('../samples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));


describe('the command line', () => {
  it('--help and --version print to stdout and exit 0', async () => {
    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: cilium-report <bundle> \[options\]/);
    for (const flag of ['--output', '--format', '--fail-on', '--exit-zero', '--severity', '--redact', '--redact-key', '--redact-map', '--md-full', '--timings', '--quiet', '--version']) assert.ok(help.stdout.includes(flag), flag);
    assert.match((await cli(['diff', '--help'])).stdout, /^Usage: cilium-report diff <old-bundle> <new-bundle>/);
    assert.deepEqual(await cli(['-V']), { code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('usage errors exit 2 with one line and a hint, no stack', async () => {
    for (const args of [[], ['a', 'b'], ['--nope', 'x'], ['x', '-f', 'pdf'], ['x', '--fail-on', 'loud'], ['x', '--severity', 'bad'], ['x', '--limit', 'maxEntries=lots'], ['x', '-o', '-', '-f', 'md,json'], ['diff', 'only-one']]) {
      const r = await cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^cilium-report: .+\nTry `cilium-report --help`\.\n$/, args.join(' '));
    }
  });

  it('a file that is not a bundle exits 1 with one line', async () => {
    const r = await cli([join(SAMPLES, 'README.md'), '-o', join(tmp, 'none')]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(existsSync(join(tmp, 'none')), false);
  });

  it('exits 0 on a healthy bundle, 3 on findings at --fail-on, 0 with --exit-zero or above the findings', async () => {
    assert.equal((await cli([join(SAMPLES, 'healthy-1.16.zip'), '-o', join(tmp, 'h'), '-q'])).code, 0);
    const seed = join(SAMPLES, 'seed-1.10.zip');
    assert.equal((await cli([seed, '-o', join(tmp, 's'), '-q'])).code, 3);
    assert.equal((await cli([seed, '-o', join(tmp, 's'), '-q', '--exit-zero'])).code, 0);
    assert.equal((await cli([seed, '-o', join(tmp, 's'), '-q', '--fail-on', 'none'])).code, 0);
    assert.equal((await cli([seed, '-o', join(tmp, 's'), '-q', '--severity', 'node-unreachable=info'])).code, 0);
  });

  it('-o - writes the one format to stdout and nothing else there', async () => {
    const r = await cli([join(SAMPLES, 'seed-1.10.zip'), '-o', '-', '-f', 'json', '-q']);
    assert.equal(r.code, 3);
    assert.equal(JSON.parse(r.stdout).schemaVersion, 1);
    assert.equal(r.stderr, '');
  });

  it('colours only on a terminal without NO_COLOR; the summary says where the reports are', async () => {
    const args = [join(SAMPLES, 'seed-1.10.zip'), '-o', join(tmp, 'c'), '-f', 'md'];
    const plain = await cli(args);
    assert.ok(!plain.stderr.includes('\x1b['), 'colour when not a terminal');
    assert.ok(plain.stderr.includes(`wrote ${join(tmp, 'c', 'report.md')}`), plain.stderr);
    assert.ok((await cli(args, { tty: true })).stderr.includes('\x1b[31m'), 'no colour on a terminal');
    const noColor = (await cli(args, { tty: true, env: { NO_COLOR: '1' } })).stderr;
    assert.ok(!noColor.includes('\x1b[31m'), 'colour despite NO_COLOR');
    assert.ok(readFileSync(join(tmp, 'c', 'report.md'), 'utf8').startsWith('# cilium-report: seed-1.10.zip'));
  });
});
