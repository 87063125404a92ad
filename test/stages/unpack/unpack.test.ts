import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deflateRawSync, gzipSync } from 'node:zlib';
import yazl from 'yazl';
import { InputError } from '../../../src/errors.js';
import { locate, openBundle, scanBundle } from '../../../src/stages/unpack/index.js';
import type { UnpackLimits } from '../../../src/stages/unpack/types.js';
import { rawTar, rawTarGz } from '../../helpers/tar-writer.js';
import { overlappingZip, rawZip } from '../../helpers/zip-writer.js';

const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-unpack-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
let n = 0;

function file(name: string, content: Buffer | string): string {
  const path = join(tmp, `${n++}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** Every file a scan visits, with its content, plus the summary and index. */
async function scan(path: string, limits: Partial<UnpackLimits> = {}) {
  const fs = await openBundle(path, { limits });
  const files = new Map<string, string>();
  const { index, summary } = await scanBundle(fs, async (entry) => {
    files.set(entry.path, (await entry.read()).toString('utf8'));
  });
  await fs.close();
  return { files, index, summary, messages: summary.diagnostics.map((d) => `${d.file}: ${d.message}`) };
}

const ROOT = 'cilium-sysdump-20240513-141502';
const BUNDLE: Record<string, string> = {
  [`${ROOT}/cilium-sysdump.log`]: '🔍 Collecting sysdump with cilium-cli version: v0.16.24, args: [sysdump]\n',
  [`${ROOT}/k8s-nodes-20240513-141502.yaml`]: 'apiVersion: v1\nitems: []\nkind: NodeList\n',
  [`${ROOT}/cilium-bugtool-cilium-x7k2p-20240513-141502/cmd/cilium-dbg-status---verbose.md`]: 'KVStore: Ok Disabled\n',
};

async function goZip(entries: Record<string, string | Buffer>, out: string, options: { zip64?: boolean; dirs?: boolean } = {}): Promise<string> {
  const zip = new yazl.ZipFile();
  const done = new Promise<void>((resolve) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => {
      writeFileSync(out, Buffer.concat(chunks));
      resolve();
    });
  });
  if (options.dirs) zip.addEmptyDirectory(ROOT);
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(Buffer.from(content), name, { forceZip64Format: options.zip64 ?? false });
  zip.end();
  await done;
  return out;
}

describe('unpack: formats, found by their bytes', () => {
  it('reads a zip as Go archive/zip writes it, one as mholt/archiver wrote it (directory entries), ZIP64, tar.gz, tar and a folder alike', async () => {
    const dir = join(tmp, 'folder');
    for (const [name, content] of Object.entries(BUNDLE)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    const inputs: [string, string][] = [
      ['zip', await goZip(BUNDLE, join(tmp, 'go.zip'))],
      ['zip', await goZip(BUNDLE, join(tmp, 'archiver.zip'), { dirs: true })],
      ['zip', await goZip(BUNDLE, join(tmp, 'zip64.zip'), { zip64: true })],
      ['tar.gz', file('renamed.bin', rawTarGz(Object.entries(BUNDLE).map(([name, content]) => ({ name, content }))))],
      ['tar', file('plain.tar', rawTar(Object.entries(BUNDLE).map(([name, content]) => ({ name, content }))))],
      ['dir', dir],
    ];
    for (const [format, path] of inputs) {
      const { files, index, messages } = await scan(path);
      assert.equal(index.format, format, path);
      assert.deepEqual(Object.fromEntries(files), BUNDLE, `${path}: files`);
      assert.deepEqual(messages, [], path);
      assert.equal(index.root, ROOT);
      assert.equal(index.timestamp, '20240513-141502');
      assert.equal(index.collectedAt, '2024-05-13T14:15:02');
      assert.equal(index.ciliumCliVersion, 'v0.16.24');
      assert.deepEqual(index.agents, [{ pod: 'cilium-x7k2p', folder: `${ROOT}/cilium-bugtool-cilium-x7k2p-20240513-141502`, archive: false }]);
    }
  });

  it('turns Windows backslashes into slashes', async () => {
    const { files } = await scan(file('win.zip', rawZip([{ name: `${ROOT}\\k8s-nodes-20240513-141502.yaml`, content: 'x' }])));
    assert.deepEqual([...files.keys()], [`${ROOT}/k8s-nodes-20240513-141502.yaml`]);
  });

  it('rejects what is not a bundle with one clear line', async () => {
    await assert.rejects(openBundle(file('garbage.bin', 'this is not an archive at all')), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.describe(), `Unknown bundle format for "${join(tmp, `${n - 1}-garbage.bin`)}"; expected a zip, tar.gz, tar or folder from \`cilium sysdump\`; received a file starting with "this is not an archive at all"`);
      return true;
    });
    await assert.rejects(openBundle(join(tmp, 'missing.zip')), /Unreadable bundle ".*missing.zip": no such file or folder/);
    await assert.rejects(openBundle(file('empty.zip', '')), (e: unknown) => e instanceof InputError && /received an empty file$/.test(e.describe()));
  });

  it('reads an empty zip as a bundle with nothing in it', async () => {
    const { files, index } = await scan(file('empty-cd.zip', rawZip([])));
    assert.equal(files.size, 0);
    assert.equal(index.root, null);
    assert.match(index.diagnostics[0]?.message ?? '', /Missing sysdump content/);
  });

  it('finds a renamed root folder by its content, and visits an empty file', async () => {
    const { files, index } = await scan(join(SAMPLES, 'repack-1.14.tar.gz'));
    assert.equal(index.format, 'tar.gz');
    assert.equal(index.root, 'sysdump-prod-eu1');
    assert.equal(index.timestamp, '20240213-090512');
    const empty = await scan(file('empty-file.zip', rawZip([{ name: `${ROOT}/cilium-sysdump.log`, content: 'x' }, { name: `${ROOT}/k8s-events-20240513-141502.yaml`, content: '' }])));
    assert.equal(empty.files.get(`${ROOT}/k8s-events-20240513-141502.yaml`), '');
    assert.ok(files.size > 10);
  });
});

describe('unpack: nested bugtool archives', () => {
  it('opens an unextracted cilium-bugtool-<pod>-<ts>.tar.gz in the same pass, as outer!/inner paths', async () => {
    const { files, index } = await scan(join(SAMPLES, 'gaps-1.15.zip'));
    const nested = [...files.keys()].filter((p) => p.includes('!/'));
    assert.ok(nested.length > 5);
    for (const p of nested) assert.match(p, /^cilium-sysdump-20240726-091917\/cilium-bugtool-cilium-\w{5}-20240726-091917\.tar\.gz!\/cilium-bugtool-20240726-091917-337\+0000-UTC-2981451032\/(cmd|conf)\//);
    const archived = index.agents.filter((a) => a.archive);
    assert.equal(archived.length, 1);
    assert.deepEqual(locate(nested[0] as string), { scope: 'agent', pod: archived[0]?.pod, folder: archived[0]?.folder, inner: (nested[0] as string).replace(/^.*!\/[^/]+\//, '') });
  });

  it('maps pods to folders in a 1.10 bundle (old cli, directory entries) and a 1.16 one', async () => {
    const old = await scan(join(SAMPLES, 'seed-1.10.zip'));
    assert.equal(old.index.agents.length, 13);
    assert.equal(old.index.ciliumCliVersion, 'v0.12.4');
    assert.ok(old.index.agents.every((a) => a.folder === `cilium-sysdump-20230705-122633/cilium-bugtool-${a.pod}-20230705-122633`));
    assert.ok([...old.files.keys()].some((p) => p.endsWith('/cmd/cilium-health-status.md')));
    const recent = await scan(join(SAMPLES, 'healthy-1.16.zip'));
    assert.equal(recent.index.agents.length, 3);
    assert.ok([...recent.files.keys()].some((p) => p.endsWith('/cmd/cilium-dbg-status---verbose.md')));
  });

  it('places paths by the trailing <ts>, since pod names contain dashes', () => {
    assert.deepEqual(locate('root/cilium-bugtool-cilium-agent-x7k2p-20240513-141502/cmd/hostname.md'), { scope: 'agent', pod: 'cilium-agent-x7k2p', folder: 'root/cilium-bugtool-cilium-agent-x7k2p-20240513-141502', inner: 'cmd/hostname.md' });
    assert.deepEqual(locate('bugtool-cilium-abcde-20210903-101112/cmd/x.md'), { scope: 'agent', pod: 'cilium-abcde', folder: 'bugtool-cilium-abcde-20210903-101112', inner: 'cmd/x.md' });
    assert.deepEqual(locate('root/k8s-nodes-20240513-141502.yaml'), { scope: 'root', dir: 'root', name: 'k8s-nodes-20240513-141502.yaml' });
  });
});

describe('unpack: limits on untrusted input', () => {
  it('skips entries that escape the bundle, with a diagnostic each', async () => {
    const { files, messages } = await scan(
      file('escape.zip', rawZip([
        { name: '../../etc/passwd', content: 'root:x:0:0' },
        { name: '/etc/shadow', content: 'x' },
        { name: 'C:\\Windows\\win.ini', content: 'x' },
        { name: `${ROOT}/cilium-sysdump.log`, content: 'ok' },
      ])),
    );
    assert.deepEqual([...files.keys()], [`${ROOT}/cilium-sysdump.log`]);
    assert.deepEqual(messages.sort(), [
      '../../etc/passwd: Invalid entry name "../../etc/passwd": it escapes the bundle with "..": skipped',
      '/etc/shadow: Invalid entry name "/etc/shadow": absolute path: skipped',
      'C:\\Windows\\win.ini: Invalid entry name "C:\\Windows\\win.ini": drive letter: skipped',
    ]);
  });

  it('never follows links: zip symlinks, tar symlinks and hard links, folder symlinks', async () => {
    const zip = await scan(file('link.zip', rawZip([{ name: `${ROOT}/k8s-nodes-20240513-141502.yaml`, content: '/etc/passwd', mode: 0o120777 }, { name: `${ROOT}/cilium-sysdump.log`, content: 'ok' }])));
    assert.deepEqual([...zip.files.keys()], [`${ROOT}/cilium-sysdump.log`]);
    assert.deepEqual(zip.messages, [`${ROOT}/k8s-nodes-20240513-141502.yaml: Unexpected link entry: links are never followed; skipped`]);
    const tar = await scan(file('link.tar', rawTar([{ name: `${ROOT}/a`, type: '2', linkname: '/etc/passwd' }, { name: `${ROOT}/b`, type: '1', linkname: '/etc/shadow' }, { name: `${ROOT}/cilium-sysdump.log`, content: 'ok' }])));
    assert.deepEqual([...tar.files.keys()], [`${ROOT}/cilium-sysdump.log`]);
    assert.equal(tar.messages.filter((m) => /links are never followed/.test(m)).length, 2);
    const dir = join(tmp, 'linkdir');
    mkdirSync(dir);
    writeFileSync(join(dir, 'cilium-sysdump.log'), 'ok');
    symlinkSync('/etc/passwd', join(dir, 'k8s-nodes-20240513-141502.yaml'));
    const folder = await scan(dir);
    assert.deepEqual([...folder.files.keys()], ['cilium-sysdump.log']);
    assert.deepEqual(folder.messages, ['k8s-nodes-20240513-141502.yaml: Unexpected link entry: links are never followed; skipped']);
  });

  it('stops a zip bomb early: declared sizes first, real bytes as they inflate', async () => {
    const zeros = Buffer.alloc(64 * 2 ** 20);
    // Honest headers: skipped without inflating, by the per-file limit.
    const honest = await scan(file('bomb.zip', rawZip([{ name: `${ROOT}/big.log`, content: zeros }])), { maxFileBytes: 2 ** 20 });
    assert.equal(honest.files.size, 0);
    assert.match(honest.messages[0] ?? '', /Too large a file: 67108864 bytes, limit 1048576 \(maxFileBytes\); skipped/);
    assert.ok(honest.summary.bytes < 2 ** 20);
    // Lying headers (declares 10 bytes): the real bytes stop it at the first chunk.
    const liar = await scan(file('liar.zip', rawZip([{ name: `${ROOT}/big.log`, content: zeros, declaredSize: 10 }])), { maxTotalBytes: 4 * 2 ** 20 });
    assert.equal(liar.files.has(`${ROOT}/big.log`), false);
    assert.ok(liar.summary.bytes <= 2 * 2 ** 20, `read ${liar.summary.bytes} bytes`);
    assert.deepEqual(liar.messages, [`${ROOT}/big.log: Unreadable: Invalid zip entry: inflates past its declared 10 bytes`]);
    // Many members under the per-file limit: the total limit stops the scan.
    const many = await scan(file('many-bombs.zip', rawZip(Array.from({ length: 8 }, (_, i) => ({ name: `${ROOT}/part${i}.log`, content: Buffer.alloc(2 ** 20) })))), { maxTotalBytes: 3 * 2 ** 20 });
    assert.ok(many.files.size <= 3);
    assert.ok(many.messages.some((m) => /Too much data/.test(m)), many.messages.join('\n'));
  });

  it('stops a bomb in a nested archive, and a gzip bomb in a tar.gz', async () => {
    const inner = rawTarGz([{ name: 'x/cmd/huge.md', content: Buffer.alloc(32 * 2 ** 20) }]);
    const nested = await scan(file('nested-bomb.zip', rawZip([{ name: `${ROOT}/cilium-bugtool-cilium-aaaaa-20240513-141502.tar.gz`, content: inner, method: 'store' }])), { maxTotalBytes: 8 * 2 ** 20 });
    assert.equal(nested.files.size, 0);
    assert.ok(nested.summary.bytes <= 10 * 2 ** 20);
    assert.ok(nested.messages.some((m) => /Too much data/.test(m)), nested.messages.join('\n'));
    const gz = await scan(file('bomb.tgz', rawTarGz([{ name: `${ROOT}/huge.log`, content: Buffer.alloc(48 * 2 ** 20) }])), { maxTotalBytes: 8 * 2 ** 20 });
    assert.equal(gz.files.size, 0);
    assert.ok(gz.summary.bytes <= 10 * 2 ** 20);
  });

  it('skips zip members that share bytes, full and quoted overlap, before inflating any of them', async () => {
    const kernel = deflateRawSync(Buffer.alloc(8 * 2 ** 20), { level: 9 });
    const ordinary = Object.entries(BUNDLE).map(([name, content]) => ({ name, content }));
    for (const layout of ['full', 'quoted'] as const) {
      const names = Array.from({ length: 50 }, (_, i) => `${ROOT}/bomb-${i}.log`);
      const r = await scan(file(`${layout}.zip`, overlappingZip(ordinary, { names, kernel, kernelSize: 8 * 2 ** 20, layout })));
      assert.deepEqual([...r.files.keys()].sort(), Object.keys(BUNDLE).sort());
      assert.ok(r.summary.bytes < 2 ** 20, `${layout}: inflated ${r.summary.bytes} bytes`);
      assert.equal(r.messages[0], `${r.index.name}: Overlapping zip entries: 50 entries share their compressed bytes with another, as a non-recursive zip bomb does; all of them are skipped`);
      assert.equal(r.summary.skipped.length, 50);
    }
  });

  it('draws nested archives on one budget relative to the bundle on disk, and judges a nested gzip by its ratio', async () => {
    const innerTar = rawTarGz([{ name: 'zeros.bin', content: Buffer.alloc(96 * 2 ** 20) }]);
    const bugtool = gzipSync(rawTar([{ name: 'cilium-bugtool-20240513-141502-337+0000-UTC-1/extra.tar.gz', content: innerTar }]));
    const path = file('nested-budget.zip', rawZip([...Object.entries(BUNDLE).map(([name, content]) => ({ name, content })), { name: `${ROOT}/cilium-bugtool-cilium-zzzzz-20240513-141502.tar.gz`, content: bugtool }]));
    // The ratio of the innermost gzip stops it after the floor, two levels down.
    const ratio = await scan(path, { ratioFloorBytes: 4 * 2 ** 20 });
    assert.ok(ratio.messages.some((m) => /extra\.tar\.gz: Too high a compression ratio: \d+:1 after [45]\d{6} bytes/.test(m)), ratio.messages.join('\n'));
    assert.ok(ratio.summary.bytes < 8 * 2 ** 20, `inflated ${ratio.summary.bytes} bytes`);
    // With the ratio allowed, the bundle's budget (here its floor, 16 MiB) stops it, counting every level.
    const budget = await scan(path, { maxCompressionRatio: 1e6, bundleFloorBytes: 16 * 2 ** 20 });
    assert.ok(budget.messages.some((m) => /Too much data for a bundle of \d+ bytes: more than 16777216 bytes decompressed \(limit bundleFloorBytes/.test(m)), budget.messages.join('\n'));
    assert.ok(budget.summary.bytes <= 18 * 2 ** 20, `inflated ${budget.summary.bytes} bytes`);
  });

  it('skips entry names longer than maxNameLength, quoting only their start', async () => {
    const long = `${ROOT}/${'x'.repeat(5000)}`;
    const r = await scan(file('long.zip', rawZip([...Object.entries(BUNDLE).map(([name, content]) => ({ name, content })), { name: long, content: 'x' }])));
    assert.equal(r.files.size, 3);
    const message = r.messages.find((m) => m.includes('Too long an entry name')) ?? '';
    assert.match(message, /: Too long an entry name: 5031 characters, limit 4096 \(maxNameLength\); skipped$/);
    assert.ok(message.length < 400);
  });

  it('reads a gzip cut mid-stream up to the break and invents nothing after it', async () => {
    const whole = rawTarGz([
      { name: `${ROOT}/cilium-sysdump.log`, content: 'first' },
      { name: `${ROOT}/k8s-nodes-20240513-141502.yaml`, content: 'second' },
      { name: `${ROOT}/k8s-pods-20240513-141502.yaml`, content: Buffer.alloc(200000, 'p') },
    ]);
    const { files, messages } = await scan(file('cut.tgz', whole.subarray(0, whole.length - 60)));
    assert.equal(files.get(`${ROOT}/cilium-sysdump.log`), 'first');
    assert.equal(files.get(`${ROOT}/k8s-nodes-20240513-141502.yaml`), 'second');
    assert.equal(files.has(`${ROOT}/k8s-pods-20240513-141502.yaml`), false);
    assert.ok(messages.some((m) => /Truncated or corrupt archive after 3 member\(s\)/.test(m)), messages.join('\n'));
  });

  it('ends a re-read of some files once each was visited: the rest of a tar is not decompressed', async () => {
    // The same cut gzip as above: a re-read that wants only the first two files never reaches the break.
    const whole = rawTarGz([
      { name: `${ROOT}/cilium-sysdump.log`, content: 'first' },
      { name: `${ROOT}/k8s-nodes-20240513-141502.yaml`, content: 'second' },
      { name: `${ROOT}/k8s-pods-20240513-141502.yaml`, content: Buffer.alloc(200000, 'p') },
    ]);
    const fs = await openBundle(file('cut-only.tgz', whole.subarray(0, whole.length - 60)));
    const reRead = async (only: string[]) => {
      const seen: string[] = [];
      const summary = await fs.scan(async (entry) => {
        seen.push(`${entry.path}=${(await entry.read()).toString('utf8')}`);
      }, { only: new Set(only) });
      return { seen, messages: summary.diagnostics.map((d) => d.message) };
    };
    const early = await reRead([`${ROOT}/k8s-nodes-20240513-141502.yaml`, `${ROOT}/cilium-sysdump.log`]);
    assert.deepEqual(early, { seen: [`${ROOT}/cilium-sysdump.log=first`, `${ROOT}/k8s-nodes-20240513-141502.yaml=second`], messages: [] });
    // A wanted file past the break: read to the end, and the break is said.
    const late = await reRead([`${ROOT}/cilium-sysdump.log`, `${ROOT}/k8s-pods-20240513-141502.yaml`]);
    assert.deepEqual(late.seen, [`${ROOT}/cilium-sysdump.log=first`]);
    assert.ok(late.messages.some((m) => /unexpected end of file|Truncated or corrupt archive/.test(m)), late.messages.join('\n'));
    await fs.close();
  });

  it('reads a zip with a broken central directory from its local headers, data descriptors included', async () => {
    const zip = rawZip(
      [
        { name: `${ROOT}/cilium-sysdump.log`, content: 'log', descriptor: true },
        { name: `${ROOT}/k8s-nodes-20240513-141502.yaml`, content: 'nodes', method: 'store' },
        { name: `${ROOT}/k8s-pods-20240513-141502.yaml`, content: 'pods '.repeat(1000), descriptor: true },
      ],
      { breakDirectory: true },
    );
    const { files, messages } = await scan(file('broken-cd.zip', zip));
    assert.equal(files.get(`${ROOT}/cilium-sysdump.log`), 'log');
    assert.equal(files.get(`${ROOT}/k8s-nodes-20240513-141502.yaml`), 'nodes');
    assert.equal(files.get(`${ROOT}/k8s-pods-20240513-141502.yaml`), 'pods '.repeat(1000));
    assert.match(messages[0] ?? '', /(Unreadable|Corrupt) zip central directory .*reading the local headers from the start instead/);
    // Cut inside the last member (its data starts at byte 253): the two before it are read, the cut one is not handed over.
    const cut = await scan(file('cut.zip', zip.subarray(0, 270)));
    assert.deepEqual([...cut.files.keys()], [`${ROOT}/cilium-sysdump.log`, `${ROOT}/k8s-nodes-20240513-141502.yaml`]);
    assert.ok(cut.messages.some((m) => /Truncated zip entry/.test(m)), cut.messages.join('\n'));
  });

  it('keeps the first of duplicate names and stops past the entry limit', async () => {
    const dup = await scan(file('dup.zip', rawZip([{ name: `${ROOT}/cilium-sysdump.log`, content: 'first' }, { name: `${ROOT}/cilium-sysdump.log`, content: 'second' }])));
    assert.equal(dup.files.get(`${ROOT}/cilium-sysdump.log`), 'first');
    assert.deepEqual(dup.messages, [`${ROOT}/cilium-sysdump.log: Duplicate entry name: the first one is used; skipped`]);
    const many = await scan(file('many.tar', rawTar(Array.from({ length: 50 }, (_, i) => ({ name: `${ROOT}/f${i}`, content: 'x' })))), { maxEntries: 10 });
    assert.equal(many.files.size, 10);
    assert.ok(many.messages.some((m) => /Too many entries: more than 10; reading stopped \(limit maxEntries\)/.test(m)));
  });

  it('skips a member whose compression ratio marks a bomb', async () => {
    const { files, messages } = await scan(file('ratio.zip', rawZip([{ name: `${ROOT}/zeros.bin`, content: Buffer.alloc(8 * 2 ** 20) }])), { ratioFloorBytes: 2 ** 20, maxCompressionRatio: 100 });
    assert.equal(files.size, 0);
    assert.match(messages[0] ?? '', /Too high a compression ratio: \d+:1 \(limit maxCompressionRatio 100\), a likely zip bomb; skipped/);
  });
});

void deflateRawSync;
void gzipSync;
