import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { marked } from 'marked';
import { PAYLOADS } from '../helpers/hostile.js';
import { hostileCorpus } from './corpus.js';

/**
 * Every bundle of the hostile corpus, through the real CLI in a child process with a 512 MB heap and a time limit:
 * it ends with a report (and the diagnostic that says what was wrong) or with exit 1 and one clear line, and
 * nothing is written outside the output folder.
 */
const CLI = new URL('../../scripts/cli.ts', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cilium-report-hostile-'));
after(() => rmSync(work, { recursive: true, force: true }));

const OUTSIDE = ['/tmp/cilium-report-escaped.txt', '/tmp/cilium-report-absolute.txt', join(work, '..', 'cilium-report-inner-escape.txt')];

interface ReportJson {
  diagnostics: { file: string; line: number | null; level: string; message: string }[];
  findings: unknown[];
}

describe('hostile bundles', () => {
  for (const c of hostileCorpus()) {
    it(`${c.name}: ${c.what}`, { timeout: 120_000 }, async () => {
      const dir = join(work, c.name.replace(/\W/g, '_'));
      mkdirSync(dir);
      const bundle = join(dir, c.name);
      writeFileSync(bundle, await c.bytes());
      const out = join(dir, 'out');
      const r = spawnSync(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', CLI, bundle, '-o', out, '-f', 'json,html,md', ...(c.args ?? [])], {
        encoding: 'utf8',
        timeout: 100_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.equal(r.signal, null, `killed (${r.signal}): too slow or out of memory`);
      // Nothing besides the bundle and the output folder appears, anywhere the entries pointed.
      assert.deepEqual(readdirSync(dir).sort(), c.expect.exit === 1 ? [c.name] : [c.name, 'out'].sort());
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
          `no diagnostic matches ${pattern}:\n${report.diagnostics.map((d) => `  ${d.file}: ${d.message}`).join('\n')}`,
        );
      }
      const html = readFileSync(join(out, 'report.html'), 'utf8');
      const md = readFileSync(join(out, 'report.md'), 'utf8');
      for (const payload of Object.values(PAYLOADS)) {
        assert.ok(!html.includes(payload), `raw payload in the HTML: ${payload}`);
      }
      // Markdown carries payloads inside code spans and fences, where GitHub shows them as text: render it as
      // GitHub would and look for live tags.
      const rendered = await marked.parse(md, { gfm: true });
      assert.doesNotMatch(rendered, /<script|<img|<textarea|href="javascript:/i, 'live HTML in the rendered Markdown');
    });
  }
});
