import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyse, renderHtml } from '../../../src/index.js';
import type { Report } from '../../../src/model/report.js';
import { addContext, CONTEXT_LIMITS } from '../../../src/stages/context/index.js';
import { grepBundle } from '../../../src/stages/search/grep.js';
import { openBundle } from '../../../src/stages/unpack/index.js';
import type { BundleFs } from '../../../src/stages/unpack/types.js';
import { rawTar, tarHeader, tarPadding } from '../../helpers/tar-writer.js';

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-context-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A BundleFs that records which entries a scan opened. */
function spy(fs: BundleFs): { fs: BundleFs; opened: Set<string> } {
  const opened = new Set<string>();
  return {
    opened,
    fs: {
      ...fs,
      scan: (visit, options) =>
        fs.scan(async (entry) => {
          const [stream, read] = [entry.stream.bind(entry), entry.read.bind(entry)];
          await visit({ path: entry.path, size: entry.size, read: () => (opened.add(entry.path), read()), stream: () => (opened.add(entry.path), stream()) });
        }, options),
      close: () => fs.close(),
    },
  };
}

const zipLines = (zip: string, member: string) => execFileSync('unzip', ['-p', zip, member], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n');

describe('evidence windows', () => {
  it('hold the cited line and its neighbours exactly as the file has them (checked against unzip -p)', async () => {
    const zip = join(SAMPLES, 'faults-1.18.zip');
    const report = await analyse(zip, { index: false });
    const windows = report.context?.windows ?? [];
    const cited = new Set(report.findings.flatMap((f) => f.evidence).filter((e) => e.line !== null).map((e) => `${e.file}:${e.line}`));
    assert.equal(windows.length, cited.size);
    for (const w of windows) {
      const lines = zipLines(zip, w.file);
      assert.ok(w.start <= w.line && w.line < w.start + w.lines.length, `${w.file}:${w.line} outside its window`);
      assert.ok(w.lines.length <= CONTEXT_LIMITS.windowLines);
      w.lines.forEach((text, i) => assert.equal(text, (lines[w.start - 1 + i] as string).replace(/\r$/, '').slice(0, CONTEXT_LIMITS.lineChars), `${w.file}:${w.start + i}`));
      assert.equal(w.start, Math.max(1, w.line - 6));
    }
  });

  it('without the index, a zip opens only the cited files, and a nested archive only for a member cited in it', async () => {
    const faults = join(SAMPLES, 'faults-1.18.zip');
    const report = await analyse(faults, { index: false });
    const gaps = join(SAMPLES, 'gaps-1.15.zip');
    const gapsReport = await analyse(gaps, { index: false });
    const nested = gapsReport.diagnostics.map((d) => d.file).concat(gapsReport.findings.flatMap((f) => f.evidence.map((e) => e.file))).find((f) => f.includes('.tar.gz!/'));
    assert.ok(nested, 'the gaps sample names no nested member');
    const nestedReport: Report = { ...gapsReport, findings: [{ ...(report.findings[0] as Report['findings'][number]), evidence: [{ file: nested, line: 2, excerpt: 'x' }] }] };
    for (const [bundle, r] of [[faults, report], [gaps, nestedReport]] as const) {
      const { fs, opened } = spy(await openBundle(bundle));
      const again = await addContext(fs, { ...r, context: undefined } as Report, { index: false });
      await fs.close();
      const cited = new Set(r.findings.flatMap((f) => f.evidence).filter((e) => e.line !== null).map((e) => e.file));
      assert.deepEqual([...opened].sort(), [...cited].sort(), `${bundle}: opened other files than the cited ones`);
      assert.equal(again.context?.windows.length, new Set(r.findings.flatMap((f) => f.evidence).filter((e) => e.line !== null).map((e) => `${e.file}:${e.line}`)).size);
    }
  });

  it('stay within their caps and say what they cut', async () => {
    const dir = join(tmp, 'long');
    mkdirSync(join(dir, 'cilium-sysdump-20240101-000000'), { recursive: true });
    const file = 'cilium-sysdump-20240101-000000/cilium-sysdump.log';
    writeFileSync(join(dir, file), Array.from({ length: 1200 }, (_, i) => `${i + 1} ${'x'.repeat(2000)}`).join('\n'));
    const base = await analyse(join(SAMPLES, 'healthy-1.16.zip'), { index: false });
    const finding = { id: 'CR-9001', slug: 'bundle-gaps', severity: 'warning' as const, title: 't', message: 'm', nodes: [], evidence: Array.from({ length: 1200 }, (_, i) => ({ file, line: i + 1, excerpt: 'x' })) };
    const fs = await openBundle(dir);
    const out = await addContext(fs, { ...base, findings: [finding] }, { index: false });
    await fs.close();
    const windows = out.context?.windows ?? [];
    const total = windows.reduce((n, w) => n + w.lines.reduce((m, l) => m + l.length + 1, 0), 0);
    assert.ok(total <= CONTEXT_LIMITS.totalChars, `${total} characters embedded`);
    assert.ok(windows.length < 1200 && windows.length > 100);
    assert.match(out.context?.cut.join('\n') ?? '', /\d+ evidence window\(s\) not embedded: the 4 MiB budget/);
    assert.ok(windows.every((w) => w.lines.every((l) => l.length <= CONTEXT_LIMITS.lineChars + 1)));
    assert.match(windows[0]?.note ?? '', /longer than 400 characters are cut/);
  });
});

describe('mention index', () => {
  it('counts the lines that name each node IP as grep counts them, and lists cluster-level files first', async () => {
    const bundle = join(SAMPLES, 'seed-1.10.zip');
    const report = await analyse(bundle);
    const index = report.context?.index;
    assert.ok(index);
    assert.equal(index.terms.filter((t) => t.kind === 'node').length, report.nodes.length);
    for (const t of index.terms.filter((x) => x.kind === 'node-ip').slice(0, 4)) {
      const lines = new Set<string>();
      await grepBundle(bundle, t.term, (m) => lines.add(`${m.file}:${m.line}`));
      assert.equal(t.lines, lines.size, `${t.term}: index ${t.lines}, grep ${lines.size}`);
      assert.equal(t.files, new Set([...lines].map((l) => l.slice(0, l.lastIndexOf(':')))).size);
      for (const m of t.mentions) for (const line of m.lines) assert.ok(lines.has(`${m.file}:${line}`), `${m.file}:${line} is not a mention`);
      assert.ok(t.mentions.length <= CONTEXT_LIMITS.filesPerTerm);
    }
    const first = index.terms[0]?.mentions ?? [];
    const agentAt = first.findIndex((m) => m.file.includes('cilium-bugtool-'));
    assert.ok(agentAt < 0 || first.slice(agentAt).every((m) => m.file.includes('cilium-bugtool-')), 'an agent file before a cluster-level one');
  });

  it('matches whole names only: node-1 is not a mention of node-10', async () => {
    const dir = join(tmp, 'names');
    mkdirSync(join(dir, 'cilium-sysdump-20240101-000000'), { recursive: true });
    const file = 'cilium-sysdump-20240101-000000/cilium-sysdump.log';
    writeFileSync(join(dir, file), 'node-1 up\nnode-10 up\nnode-1.\ncilium-node-1\nnode-1 and node-1 again\n10.0.0.1:4240\n10.0.0.12\n');
    const base = await analyse(join(SAMPLES, 'healthy-1.16.zip'), { index: false });
    const node = (name: string, ip: string) => ({ ...(base.nodes[0] as Report['nodes'][number]), name, internalIP: ip, podCIDRs: { kubernetes: [], ciliumNode: [], agent: [] } });
    const fs = await openBundle(dir);
    const out = await addContext(fs, { ...base, findings: [], nodes: [node('node-1', '10.0.0.1'), node('node-10', '10.0.0.10')] });
    await fs.close();
    const t = (term: string) => out.context?.index?.terms.find((x) => x.term === term);
    assert.deepEqual(t('node-1')?.mentions, [{ file, lines: [1, 3, 5] }]);
    assert.equal(t('node-1')?.lines, 3);
    assert.deepEqual(t('node-10')?.mentions, [{ file, lines: [2] }]);
    assert.deepEqual(t('10.0.0.1')?.mentions, [{ file, lines: [6] }]);
    assert.equal(t('10.0.0.10')?.lines, 0);
  });

  it('is left out by default past the size limit, and the report says why and how to build it', async () => {
    const bundle = join(SAMPLES, 'seed-1.10.zip');
    const small = await analyse(bundle, { indexAutoMaxBytes: 1024 });
    assert.equal(small.context?.index, null);
    assert.match(small.context?.indexNote ?? '', /^The mention index was left out: the bundle unpacks to \d[\d,]* MiB, over the 0 MiB up to which it is built by default; --index builds it/);
    assert.match(renderHtml(small), /The mention index was left out/);
    const forced = await analyse(bundle, { index: true, indexAutoMaxBytes: 1024 });
    assert.ok(forced.context?.index && forced.context.index.terms.length > 0);
    assert.equal(forced.context?.indexNote, undefined);
    const off = await analyse(bundle, { index: false, indexAutoMaxBytes: 1024 });
    assert.equal(off.context?.indexNote, undefined);
  });

  it('is left out by default when a pass over the bundle decompresses past the limit, in names or in files', async () => {
    // Fifty GNU long names of 20,000 characters, each over maxNameLength and skipped: a megabyte of headers and
    // no file content. One more pass would decompress that megabyte again.
    const root = 'cilium-sysdump-20240513-141502';
    const files = rawTar([{ name: `${root}/cilium-sysdump.log`, content: '🔍 Collecting sysdump with cilium-cli version: v0.16.24, args: [sysdump]\n' }]);
    const names = Array.from({ length: 50 }, (_, i) => {
      const name = Buffer.from(`${root}/${i}-${'n'.repeat(20_000)}\0`, 'latin1');
      return Buffer.concat([tarHeader({ name: '././@LongLink', size: name.length, type: 'L' }), name, tarPadding(name.length), tarHeader({ name: 'placeholder', size: 1 }), Buffer.from('x'), tarPadding(1)]);
    });
    const bundle = join(tmp, 'long-names.tar');
    writeFileSync(bundle, Buffer.concat([files.subarray(0, files.length - 1024), ...names, Buffer.alloc(1024)]));
    const report = await analyse(bundle, { indexAutoMaxBytes: 2 ** 18 });
    assert.equal(report.context?.index, null);
    assert.match(report.context?.indexNote ?? '', /^The mention index was left out: the bundle unpacks to 1 MiB, over the 0 MiB up to which/);
  });
});
