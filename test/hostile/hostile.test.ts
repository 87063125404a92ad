import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { marked } from 'marked';
import { MAX_FINDINGS_PER_CHECK } from '../../src/stages/correlate/runner.js';
import { PAYLOADS } from '../helpers/hostile.js';
import { healthyBundle, hostileCorpus } from './corpus.js';

/**
 * Every bundle of the hostile corpus, through the real CLI in a child process with a 512 MB heap: it ends with a
 * report (and the diagnostic that says what was wrong) or with exit 1 and one clear line, within 60 s of CPU and
 * 1 GiB of peak RSS (measured in the child, generously: these are bounds, not a benchmark; CPU time rather than
 * wall time, since the machine is shared); nothing is written outside the output folder; no raw control or
 * invisible character reaches stdout, stderr or report.md; and no check lists more than its cap of findings.
 */
const CLI = new URL('../../scripts/cli.ts', import.meta.url).pathname;
const USAGE = new URL('./usage.ts', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cilium-report-hostile-'));
after(() => rmSync(work, { recursive: true, force: true }));

const OUTSIDE = ['/tmp/cilium-report-escaped.txt', '/tmp/cilium-report-absolute.txt', join(work, '..', 'cilium-report-inner-escape.txt')];
const MAX_CPU_MS = 60_000;
const MAX_RSS_KIB = 2 ** 20;
/** C0 controls but tab and newline, DEL, C1 controls, zero-width characters, bidi embeddings, overrides and isolates. */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;

interface ReportJson {
  diagnostics: { file: string; line: number | null; level: string; message: string }[];
  findings: { slug: string; message: string }[];
}

/** Runs the CLI as a user would, and measures it. */
function cli(args: readonly string[], usageFile: string) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', '--import', USAGE, CLI, ...args], {
    encoding: 'utf8',
    // A hang is cut off here; the bound the test holds is the CPU time below.
    timeout: 300_000,
    maxBuffer: 256 * 2 ** 20,
    env: { ...process.env, NO_COLOR: '1', HOSTILE_USAGE_FILE: usageFile },
  });
  assert.equal(r.signal, null, `killed (${r.signal}): too slow or out of memory\n${r.stderr?.slice(-2000)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { maxRssKiB: number; cpuMs: number };
  assert.ok(usage.cpuMs <= MAX_CPU_MS, `${(usage.cpuMs / 1000).toFixed(1)} s of CPU, more than ${MAX_CPU_MS / 1000} s`);
  assert.ok(usage.maxRssKiB <= MAX_RSS_KIB, `peak RSS ${(usage.maxRssKiB / 1024).toFixed(0)} MiB, more than 1 GiB`);
  assert.doesNotMatch(r.stdout, RAW, `a raw control character on stdout: ${JSON.stringify(r.stdout.match(RAW)?.[0])}`);
  assert.doesNotMatch(r.stderr, RAW, `a raw control character on stderr: ${JSON.stringify(r.stderr.match(RAW)?.[0])}`);
  return r;
}

let healthy = '';
before(async () => {
  healthy = join(work, 'healthy.zip');
  writeFileSync(healthy, await healthyBundle());
});

describe('hostile bundles', () => {
  for (const c of hostileCorpus()) {
    it(`${c.name}: ${c.what}`, { timeout: 900_000 }, async () => {
      const dir = join(work, c.name.replace(/\W/g, '_'));
      mkdirSync(dir);
      const file = c.file ?? c.name;
      const bundle = join(dir, file);
      writeFileSync(bundle, await c.bytes());
      const out = join(dir, 'out');
      const usage = (what: string) => join(work, `${c.name.replace(/\W/g, '_')}.${what}.usage.json`);
      const r = cli([bundle, '-o', out, '-f', 'json,html,md', ...(c.args ?? [])], usage('report'));
      // Nothing besides the bundle and the output folder appears, anywhere the entries pointed.
      assert.deepEqual(readdirSync(dir).sort(), c.expect.exit === 1 ? [file] : [file, 'out'].sort());
      for (const path of OUTSIDE) assert.equal(existsSync(path), false, `${path} was written`);
      if (c.expect.exit === 1) {
        assert.equal(r.status, 1, r.stderr);
        const lines = r.stderr.trim().split('\n');
        assert.equal(lines.length, 1, `one line expected:\n${r.stderr}`);
        assert.match(lines[0] as string, c.expect.stderr);
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
        return;
      }
      assert.equal(r.status, c.expect.exit, r.stderr);
      assert.deepEqual(readdirSync(out).sort(), ['report.html', 'report.json', 'report.md']);
      const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportJson;
      for (const pattern of c.expect.diagnostics) {
        assert.ok(
          report.diagnostics.some((d) => pattern.test(`${d.file} ${d.message}`)),
          `no diagnostic matches ${pattern}:\n${report.diagnostics.slice(0, 200).map((d) => `  ${d.file.slice(0, 300)}: ${d.message.slice(0, 300)}`).join('\n')}`,
        );
      }
      // Bounded output: no check lists more than its cap and the one finding that counts the rest.
      const perCheck = new Map<string, number>();
      for (const f of report.findings) perCheck.set(f.slug, (perCheck.get(f.slug) ?? 0) + 1);
      for (const [slug, n] of perCheck) assert.ok(n <= MAX_FINDINGS_PER_CHECK + 1, `${slug}: ${n} findings`);
      for (const want of c.expect.findings ?? []) {
        const got = report.findings.filter((f) => f.slug === want.slug);
        assert.equal(got.length, want.count, `${want.slug}: ${got.length} findings\n${got.slice(0, 5).map((f) => `  ${f.message.slice(0, 300)}`).join('\n')}`);
        if (want.message) assert.match(got[0]?.message ?? '', want.message);
      }
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      const md = readFileSync(join(out, 'report.md'), 'utf8');
      assert.doesNotMatch(md, RAW, `a raw control character in report.md: ${JSON.stringify(md.match(RAW)?.[0])}`);
      for (const payload of Object.values(PAYLOADS)) {
        assert.ok(!html.includes(payload), `raw payload in the HTML: ${payload}`);
      }
      // Markdown carries payloads inside code spans and fences, where GitHub shows them as text: render it as
      // GitHub would and look for live tags.
      const rendered = await marked.parse(md, { gfm: true });
      assert.doesNotMatch(rendered, /<script|<img|<textarea|href="javascript:/i, 'live HTML in the rendered Markdown');
      assert.doesNotMatch(rendered, /<h1[^>]*>Heading/, 'bundle text started a block in the Markdown');

      for (const format of c.stdout ?? []) {
        const s = cli([bundle, '-o', '-', '-f', format, ...(c.args ?? [])], usage(`stdout-${format}`));
        assert.equal(s.status, c.expect.exit, s.stderr);
        assert.ok(s.stdout.length > 100, `${format} on stdout is empty`);
      }
      if (c.diff) {
        const d = cli(['diff', healthy, bundle, '-o', join(out, 'diff'), ...(c.args ?? [])], usage('diff'));
        assert.ok(d.status === 0 || d.status === 3, d.stderr);
        assert.match(d.stderr, /^cilium-report diff healthy\.zip → /);
        for (const name of readdirSync(join(out, 'diff'))) {
          if (name.endsWith('.md') || name.endsWith('.json')) assert.doesNotMatch(readFileSync(join(out, 'diff', name), 'utf8'), RAW, `a raw control character in ${name}`);
        }
      }
    });
  }
});
