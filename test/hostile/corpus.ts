// The hostile-bundle corpus: bundles a customer (or an attacker posing as one) could hand over. Each is small on
// disk; the large ones (2 GB entry, 100,000 entries) are made when asked, not committed.
//
//   node --import tsx test/hostile/corpus.ts <dir>     # writes every case to <dir>
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeflateRaw, gzipSync } from 'node:zlib';
import { renderBundle } from '../../scripts/lib/bundle.js';
import { buildCluster } from '../../scripts/lib/scenario.js';
import { BASE, TS } from '../checks/scenario.js';
import { hostileFiles } from '../helpers/hostile.js';
import { rawTar, rawTarGz, type TarEntry } from '../helpers/tar-writer.js';
import { type RawEntry, rawZip } from '../helpers/zip-writer.js';

export const ROOT = `cilium-sysdump-${TS}`;

export interface HostileCase {
  name: string;
  /** What the case carries, in a few words. */
  what: string;
  bytes: () => Buffer | Promise<Buffer>;
  /** CLI arguments besides the bundle and the output folder. */
  args?: string[];
  /** Exit 1 with one line on stderr matching `stderr`, or a report (exit 0 or 3) with these diagnostics. */
  expect: { exit: 1; stderr: RegExp } | { exit: 0 | 3; diagnostics: RegExp[] };
}

/** A small healthy bundle, as files under the root folder. */
function base(): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const f of renderBundle(buildCluster({ ...BASE, faults: [] })).files) files[f.path] = f.content;
  return files;
}

function zipOf(files: Record<string, Buffer | string>, extra: RawEntry[] = [], options: { breakDirectory?: boolean } = {}): Buffer {
  return rawZip([...Object.entries(files).map(([name, content]) => ({ name, content })), ...extra], options);
}

function tarEntries(files: Record<string, Buffer | string>): TarEntry[] {
  return Object.entries(files).map(([name, content]) => ({ name, content }));
}

/** Deflated zeros, made as a stream: 2 GB of them is 2 MB compressed. */
async function deflatedZeros(bytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const zero = Buffer.alloc(1 << 20);
  for (let left = bytes; left > 0; left -= zero.length) {
    if (!deflate.write(left >= zero.length ? zero : zero.subarray(0, left))) await once(deflate, 'drain');
  }
  deflate.end();
  await once(deflate, 'end');
  return Buffer.concat(out);
}

/** The base bundle plus one member whose deflated data is given as is, with the size it declares. */
function zipWithDeflated(name: string, data: Buffer, declaredSize: number, crc: number): Buffer {
  return zipOf(base(), [{ name, declaredSize, deflated: { data, crc } }]);
}

const BILLION_LAUGHS = [
  'apiVersion: v1',
  'items:',
  '- a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  '  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  '  kind: CiliumEndpoint',
  'kind: List',
  '',
].join('\n');

export function hostileCorpus(): HostileCase[] {
  const status = `${ROOT}/cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-dbg-status---verbose.md`;
  return [
    {
      name: 'path-escape.zip',
      what: 'entries named ../, absolute paths and a Windows drive letter',
      bytes: () =>
        zipOf(base(), [
          { name: '../../../tmp/cilium-report-escaped.txt', content: 'escaped' },
          { name: '/tmp/cilium-report-absolute.txt', content: 'absolute' },
          { name: 'C:\\Windows\\cilium-report-drive.txt', content: 'drive' },
          { name: `${ROOT}/../../cilium-report-inner-escape.txt`, content: 'inner' },
        ]),
      expect: { exit: 0, diagnostics: [/\.\.\/\.\.\/\.\.\/tmp\/cilium-report-escaped\.txt.*escape/i, /cilium-report-absolute\.txt/, /cilium-report-drive\.txt/] },
    },
    {
      name: 'links.tar.gz',
      what: 'a symlink and a hard link pointing out of the bundle, named like outputs the tool reads',
      bytes: () =>
        rawTarGz([
          ...tarEntries(Object.fromEntries(Object.entries(base()).filter(([p]) => !p.endsWith('cilium-dbg-node-list.md')))),
          { name: `${ROOT}/cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-dbg-node-list.md`, type: '2', linkname: '/etc/passwd' },
          { name: `${ROOT}/k8s-services-link.yaml`, type: '1', linkname: '../../../etc/shadow' },
        ]),
      expect: { exit: 0, diagnostics: [/link/i] },
    },
    {
      name: 'zip-bomb.zip',
      what: 'a 200 MB file of zeros, 200 KB packed',
      bytes: async () => {
        const data = await deflatedZeros(200 * 2 ** 20);
        return zipWithDeflated(`${ROOT}/logs-cilium-aaaaa-cilium-agent-${TS}-prev.log`, data, 200 * 2 ** 20, 0);
      },
      args: ['--limit', 'ratioFloorBytes=16M'],
      expect: { exit: 0, diagnostics: [/compression ratio: \d+:1 .*zip bomb/] },
    },
    {
      name: 'nested-bomb.zip',
      what: 'an unextracted bugtool archive whose member inflates far past its size',
      bytes: () => {
        const files = base();
        const inner = gzipSync(rawTar([{ name: `cilium-bugtool-${TS}-337+0000-UTC-1/cmd/cilium-dbg-status.md`, content: Buffer.alloc(40 * 2 ** 20) }]), { level: 9 });
        return zipOf({ ...files, [`${ROOT}/cilium-bugtool-cilium-zzzzz-${TS}.tar.gz`]: inner });
      },
      args: ['--limit', 'ratioFloorBytes=8M', '--limit', 'maxFileBytes=16M'],
      expect: { exit: 0, diagnostics: [/cilium-bugtool-cilium-zzzzz.*(bomb|ratio|Too large)/i] },
    },
    {
      name: 'truncated.tar.gz',
      what: 'a gzip cut in the middle of its stream',
      bytes: () => {
        const whole = rawTarGz(tarEntries(base()));
        return whole.subarray(0, Math.floor(whole.length * 0.6));
      },
      expect: { exit: 0, diagnostics: [/truncated|unexpected end|cut/i] },
    },
    {
      name: 'broken-directory.zip',
      what: 'a zip whose central directory is garbage',
      bytes: () => zipOf(base(), [], { breakDirectory: true }),
      expect: { exit: 0, diagnostics: [/central directory/i] },
    },
    {
      name: 'duplicates.zip',
      what: 'the same entry name twice, with different content',
      bytes: () => {
        const files = base();
        const nodes = `${ROOT}/k8s-nodes-${TS}.yaml`;
        return zipOf(files, [{ name: nodes, content: 'apiVersion: v1\nitems: []\nkind: List\n' }]);
      },
      expect: { exit: 0, diagnostics: [/Duplicate/i] },
    },
    {
      name: 'entry-2gb.zip',
      what: 'one entry that really inflates to 2 GB and says so',
      bytes: async () => zipWithDeflated(`${ROOT}/logs-cilium-aaaaa-cilium-agent-${TS}-prev.log`, await deflatedZeros(2 ** 31), 2 ** 31, 0),
      expect: { exit: 0, diagnostics: [/Too large a file: 2147483648 bytes|compression ratio/] },
    },
    {
      name: 'entry-2gb-lying.zip',
      what: 'one entry that inflates to 2 GB while declaring 4 KB',
      bytes: async () => zipWithDeflated(`${ROOT}/logs-cilium-aaaaa-cilium-agent-${TS}-prev.log`, await deflatedZeros(2 ** 31), 4096, 0),
      expect: { exit: 0, diagnostics: [/inflates past its declared 4096 bytes/] },
    },
    {
      name: 'entries-100k.tar.gz',
      what: '100,000 tiny entries',
      bytes: () => {
        const many: TarEntry[] = [];
        for (let i = 0; i < 100_000; i++) many.push({ name: `${ROOT}/junk/${i}.txt`, content: 'x' });
        return gzipSync(rawTar([...tarEntries(base()), ...many]), { level: 1 });
      },
      expect: { exit: 0, diagnostics: [] },
    },
    {
      name: 'entries-over-limit.tar.gz',
      what: 'more entries than the limit allows',
      bytes: () => {
        const many: TarEntry[] = [];
        for (let i = 0; i < 5_000; i++) many.push({ name: `${ROOT}/junk/${i}.txt`, content: 'x' });
        return gzipSync(rawTar([...tarEntries(base()), ...many]));
      },
      args: ['--limit', 'maxEntries=1000'],
      expect: { exit: 0, diagnostics: [/Too many entries/] },
    },
    {
      name: 'yaml-alias-bomb.zip',
      what: 'a billion-laughs YAML in ciliumendpoints',
      bytes: () => zipOf({ ...base(), [`${ROOT}/ciliumendpoints-${TS}.yaml`]: BILLION_LAUGHS }),
      expect: { exit: 0, diagnostics: [/alias|Invalid YAML/i] },
    },
    {
      name: 'binary-garbage.zip',
      what: 'invalid UTF-8 and NUL bytes in command outputs',
      bytes: () => {
        const files = base();
        const garbage = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x00, 0x80]), Buffer.alloc(64), Buffer.from('\xa0\xa1 KVStore:\0 Ok\n', 'latin1')]);
        return zipOf({ ...files, [status]: Buffer.concat([garbage, files[status] as Buffer]), [`${ROOT}/k8s-nodes-${TS}.yaml`]: garbage });
      },
      expect: { exit: 0, diagnostics: [/k8s-nodes/] },
    },
    {
      name: 'long-lines.zip',
      what: 'megabyte lines of words, spaces and tabs in status and node list outputs, and in a log',
      bytes: () => {
        const files = base();
        // Shapes that make a backtracking pattern quadratic: a word, a run of spaces or tabs before more text, an
        // unclosed quote of hex-like letters. At a megabyte each, a quadratic parser would never finish.
        const mb = 2 ** 20;
        const long = [`${'A'.repeat(3 * mb)}`, `Key:${' '.repeat(mb)}v`, `a${'\t'.repeat(mb)}b`, `${' '.repeat(mb)}x`].join('\n');
        const nodeList = `${ROOT}/cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-dbg-node-list.md`;
        return zipOf({
          ...files,
          [status]: `${long}\n${files[status]?.toString('utf8')}`,
          [nodeList]: `${files[nodeList]?.toString('utf8')}${long}\n`,
          [`${ROOT}/logs-cilium-aaaaa-cilium-agent-${TS}.log`]: `2024-05-13T14:00:00Z level=error msg="${'B'.repeat(mb)}\n2024-05-13T14:00:00Z level=error msg="${'B'.repeat(3 * mb)}"\n`,
        });
      },
      expect: { exit: 0, diagnostics: [/Too long a line/] },
    },
    {
      name: 'payloads.zip',
      what: '<script>, <img onerror>, </textarea>, {{handlebars}} and Markdown links in node names, labels, statuses and logs',
      bytes: () => zipOf(Object.fromEntries(Object.entries(hostileFiles()).map(([p, c]) => [`${ROOT}/${p}`, c]))),
      expect: { exit: 3, diagnostics: [] },
    },
    {
      name: 'not-a-bundle.zip',
      what: 'a valid zip with nothing of a sysdump in it',
      bytes: () => zipOf({ 'README.txt': 'hello' }),
      expect: { exit: 1, stderr: /not a cilium sysdump|no .*sysdump/i },
    },
    {
      name: 'garbage.bin',
      what: 'random bytes',
      bytes: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      expect: { exit: 1, stderr: /not a (zip|tar|bundle)|unknown format|expected/i },
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: corpus.ts <dir>\n');
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  for (const c of hostileCorpus()) {
    writeFileSync(join(dir, c.name), await c.bytes());
    process.stdout.write(`wrote ${join(dir, c.name)}: ${c.what}\n`);
  }
}
