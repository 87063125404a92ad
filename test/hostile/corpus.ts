// The hostile-bundle corpus: bundles a customer (or an attacker posing as one) could hand over. Each is small on
// disk; the large ones (2 GB entry, 100,000 entries) are made when asked, not committed.
//
//   node --import tsx test/hostile/corpus.ts <dir>     # writes every case to <dir>
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeflateRaw, createGzip, deflateRawSync, gzipSync } from 'node:zlib';
import { renderBundle } from '../../scripts/lib/bundle.js';
import { buildCluster } from '../../scripts/lib/scenario.js';
import { BASE, TS } from '../checks/scenario.js';
import { hostileFiles } from '../helpers/hostile.js';
import { rawTar, rawTarGz, type TarEntry, tarHeader, tarPadding } from '../helpers/tar-writer.js';
import { overlappingZip, type RawEntry, rawZip } from '../helpers/zip-writer.js';

export const ROOT = `cilium-sysdump-${TS}`;

export interface HostileCase {
  name: string;
  /** What the case carries, in a few words. */
  what: string;
  bytes: () => Buffer | Promise<Buffer>;
  /** File name of the bundle on disk, when it is not `name` (a name with control characters of its own). */
  file?: string;
  /** CLI arguments besides the bundle and the output folder. */
  args?: string[];
  /**
   * Exit 1 with one line on stderr matching `stderr`, or a report (exit 0 or 3) with these diagnostics and, for
   * the checks named in `findings`, exactly that many findings (each matching `message` when given).
   */
  expect: { exit: 1; stderr: RegExp } | { exit: 0 | 3; diagnostics: RegExp[]; findings?: { slug: string; count: number; message?: RegExp }[] };
  /** Formats also written to stdout with `-o -`, each checked for raw control characters. */
  stdout?: ('md' | 'json' | 'html' | 'junit')[];
  /** Also compared with a healthy bundle by `cilium-report diff`, whose lines on stderr are checked too. */
  diff?: boolean;
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

/** Gzip made as a stream from parts that may be too large to hold together (a thousand 4 MB names). */
async function gzipOf(parts: Iterable<Buffer>, level = 9): Promise<Buffer> {
  const gzip = createGzip({ level });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  for (const part of parts) if (!gzip.write(part)) await once(gzip, 'drain');
  gzip.end();
  await once(gzip, 'end');
  return Buffer.concat(out);
}

/** A PAX extended header (`x`) that sets a member's `path`, as GNU tar and Go's archive/tar write long names. */
function* paxPath(path: string): Generator<Buffer> {
  // A record is "<length> path=<value>\n", the length counting its own digits.
  const body = ` path=${path}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  const record = Buffer.from(`${length}${body}`, 'latin1');
  yield tarHeader({ name: 'PaxHeaders/long', size: record.length, type: 'x' });
  yield record;
  yield tarPadding(record.length);
}

/** A GNU long name (`././@LongLink`, type `L`): the next member's name as data, NUL-terminated. */
function* gnuLongName(path: string): Generator<Buffer> {
  const name = Buffer.from(`${path}\0`, 'latin1');
  yield tarHeader({ name: '././@LongLink', size: name.length, type: 'L' });
  yield name;
  yield tarPadding(name.length);
}

/** A tar member of the given content, as generator parts. */
function* tarMember(name: string, content: Buffer): Generator<Buffer> {
  yield tarHeader({ name, size: content.length });
  yield content;
  yield tarPadding(content.length);
}

/** A healthy bundle as a tar, then members from `more`, then the end of the archive. */
function* tarWith(more: () => Iterable<Buffer>): Generator<Buffer> {
  for (const [name, content] of Object.entries(base())) yield* tarMember(name, content);
  yield* more();
  yield Buffer.alloc(1024);
}

/** Characters that move the cursor, clear the screen, set the title, link, reorder or hide text. */
const CONTROL = {
  csi: '\u001b[2J\u001b[31m',
  osc: '\u001b]0;pwned\u0007\u001b]8;;https://example.invalid\u0007link\u001b]8;;\u0007',
  c1: '\u009b31m\u0085',
  bidi: '\u202eevil\u202c \u2066iso\u2069',
  zeroWidth: 'zero\u200bwidth\u2060\ufeff',
  cr: '\r# Heading\r<script>window.__pwned=5</script>\r- item',
};

/**
 * The healthy bundle with control and invisible characters in a node name, a status line, a log line and an
 * entry name, and a second agent folder whose pod name differs from another only by a zero-width space.
 */
function controlFiles(): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = { ...base() };
  const text = (path: string) => (files[path] as Buffer).toString('utf8');
  const nodes = `${ROOT}/k8s-nodes-${TS}.yaml`;
  // A YAML double-quoted scalar spells ESC, BEL and the others as escapes; the node then differs from its pod's.
  files[nodes] = text(nodes).replace('\n    name: node-c\n', '\n    name: "node-c\\e[2J\\e]0;pwned\\a\\u202e\\u200b"\n');
  const status = `${ROOT}/cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-dbg-status---verbose.md`;
  files[status] = `Weird${CONTROL.csi}:   Failure ${CONTROL.osc}${CONTROL.bidi}\n${text(status)}`;
  const log = `${ROOT}/logs-cilium-aaaaa-cilium-agent-${TS}.log`;
  const bad = Object.values(CONTROL).join(' ');
  files[log] = `${text(log)}2024-05-13T14:00:00.000000000Z level=error msg="${bad}" subsys=daemon\n2024-05-13T14:00:01.000000000Z level=error msg="${bad}" subsys=daemon\n`;
  for (const [path, content] of Object.entries(base())) {
    const folder = `${ROOT}/cilium-bugtool-cilium-aaaaa-${TS}/`;
    if (path.startsWith(folder)) files[`${ROOT}/cilium-bugtool-cilium-aaaaa\u200b-${TS}/${path.slice(folder.length)}`] = content;
  }
  files[`${ROOT}/junk${CONTROL.csi}${CONTROL.c1}.txt`] = 'x';
  files[`${ROOT}/../${CONTROL.csi}escape.txt`] = 'x';
  return files;
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

/** The healthy bundle the corpus starts from, as a zip: the other side of `cilium-report diff`. */
export function healthyBundle(): Buffer {
  return zipOf(base());
}

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
      name: 'overlap-full.zip',
      what: 'a non-recursive zip bomb: 2,000 central-directory entries at one local header and one 32 MiB kernel (64 GiB in all)',
      bytes: () =>
        overlappingZip(
          Object.entries(base()).map(([name, content]) => ({ name, content })),
          { names: Array.from({ length: 2000 }, (_, i) => `${ROOT}/junk/overlap-${i}.log`), kernel: deflateRawSync(Buffer.alloc(32 * 2 ** 20), { level: 9 }), kernelSize: 32 * 2 ** 20, layout: 'full' },
        ),
      expect: { exit: 0, diagnostics: [/Overlapping zip entries: 2000 entries share their compressed bytes/, /1900 more diagnostics like this one left out \(at most 100 are listed per kind\): Overlapping zip entry/] },
    },
    {
      name: 'overlap-quoted.zip',
      what: 'David Fifield\'s quoted-overlap zip bomb: each of 2,000 entries quotes the next one\'s header and runs on into one 32 MiB kernel',
      bytes: () =>
        overlappingZip(
          Object.entries(base()).map(([name, content]) => ({ name, content })),
          { names: Array.from({ length: 2000 }, (_, i) => `${ROOT}/junk/quoted-${i}.log`), kernel: deflateRawSync(Buffer.alloc(32 * 2 ** 20), { level: 9 }), kernelSize: 32 * 2 ** 20, layout: 'quoted' },
        ),
      expect: { exit: 0, diagnostics: [/Overlapping zip entries: 2000 entries/] },
    },
    {
      name: 'gzip-bomb.tar.gz',
      what: 'a tar.gz bundle with a member of 512 MiB of zeros, against a budget of 256 MiB',
      bytes: () => gzipOf(tarWith(() => tarMember(`${ROOT}/junk/zeros.bin`, Buffer.alloc(512 * 2 ** 20)))),
      args: ['--limit', 'bundleFloorBytes=256M', '--limit', 'maxCompressionRatio=5000'],
      expect: { exit: 0, diagnostics: [/Too much data for a bundle of \d+ bytes: more than 268435456 bytes decompressed \(limit bundleFloorBytes/] },
    },
    {
      name: 'nested-gzip-bomb.zip',
      what: 'the same gzip bomb two levels down: in a .tar.gz inside an unextracted bugtool archive inside the zip, against the same budget',
      bytes: async () => {
        const inner = await gzipOf(function* () {
          yield* tarMember('zeros.bin', Buffer.alloc(512 * 2 ** 20));
          yield Buffer.alloc(1024);
        }());
        const bugtool = gzipSync(rawTar([{ name: `cilium-bugtool-${TS}-337+0000-UTC-1/cmd/cilium-dbg-version.md`, content: 'Client: 1.16.5\n' }, { name: `cilium-bugtool-${TS}-337+0000-UTC-1/extra.tar.gz`, content: inner }]));
        return zipOf({ ...base(), [`${ROOT}/cilium-bugtool-cilium-zzzzz-${TS}.tar.gz`]: bugtool });
      },
      args: ['--limit', 'bundleFloorBytes=256M', '--limit', 'maxCompressionRatio=5000'],
      expect: { exit: 0, diagnostics: [/Too much data for a bundle of \d+ bytes: more than 268435456 bytes decompressed \(limit bundleFloorBytes/] },
    },
    {
      name: 'nested-ratio-bomb.zip',
      what: 'a gzip of 512 MiB of zeros two levels down, stopped by its own compression ratio after 64 MiB as at the top',
      bytes: async () => {
        const inner = await gzipOf(function* () {
          yield* tarMember('zeros.bin', Buffer.alloc(512 * 2 ** 20));
          yield Buffer.alloc(1024);
        }());
        const bugtool = gzipSync(rawTar([{ name: `cilium-bugtool-${TS}-337+0000-UTC-1/extra.tar.gz`, content: inner }]));
        return zipOf({ ...base(), [`${ROOT}/cilium-bugtool-cilium-zzzzz-${TS}.tar.gz`]: bugtool });
      },
      expect: { exit: 0, diagnostics: [/cilium-bugtool-cilium-zzzzz-\d{8}-\d{6}\.tar\.gz!\/cilium-bugtool-[^ ]*extra\.tar\.gz Too high a compression ratio: \d+:1 after 6[5-9]\d{6} bytes/] },
    },
    {
      name: 'cidr-3000.zip',
      what: '3,000 CiliumNodes claiming one pod CIDR',
      bytes: () => {
        const items = Array.from({ length: 3000 }, (_, i) => `- apiVersion: cilium.io/v2\n  kind: CiliumNode\n  metadata:\n    name: claim-${i}\n  spec:\n    ipam:\n      podCIDRs:\n      - 10.99.0.0/24`);
        return zipOf({ ...base(), [`${ROOT}/ciliumnodes-${TS}.yaml`]: `apiVersion: v1\nitems:\n${items.join('\n')}\nkind: List\nmetadata:\n  resourceVersion: ""\n` });
      },
      expect: {
        exit: 3,
        diagnostics: [],
        findings: [
          { slug: 'pod-cidr-overlap', count: 1, message: /^3000 nodes claim addresses in 10\.99\.0\.0\/24: claim-0 \(10\.99\.0\.0\/24\), .* and 2992 more$/ },
          { slug: 'ciliumnode-orphan', count: 101, message: /./ },
        ],
      },
    },
    {
      name: 'nodes-1m.zip',
      what: 'a NodeList of a million tiny Nodes',
      bytes: () => {
        const parts = ['apiVersion: v1', 'items:'];
        for (let i = 0; i < 1_000_000; i++) parts.push(`- metadata:\n    name: n${i}`);
        parts.push('kind: List', '');
        return zipOf({ ...base(), [`${ROOT}/k8s-nodes-${TS}.yaml`]: parts.join('\n') });
      },
      expect: { exit: 3, diagnostics: [/k8s-nodes-\d{8}-\d{6}\.yaml Too many list items: 1000000, more than a cluster holds; the first 50000 are read/], findings: [{ slug: 'agent-missing', count: 101 }] },
    },
    {
      name: 'agents-50k.tar.gz',
      what: '50,000 agent bugtool folders for a cluster of three nodes',
      bytes: () => {
        const files = base();
        const status = files[`${ROOT}/cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-dbg-status---verbose.md`] as Buffer;
        const many: TarEntry[] = [];
        for (let i = 0; i < 50_000; i++) many.push({ name: `${ROOT}/cilium-bugtool-cilium-x${i}-${TS}/cmd/cilium-dbg-status---verbose.md`, content: status.subarray(0, 600) });
        return gzipSync(rawTar([...tarEntries(files), ...many]));
      },
      expect: { exit: 0, diagnostics: [], findings: [{ slug: 'agent-folders-implausible', count: 1, message: /^The bundle holds 50003 agent bugtool folders for 3 nodes/ }] },
    },
    {
      name: 'long-names.tar.gz',
      what: 'a thousand 4 MB entry names (PAX path and GNU long names), then one past tar-stream\'s 4 MiB header cap',
      bytes: () =>
        gzipOf(
          tarWith(function* () {
            const long = (i: number) => `${ROOT}/${String(i).padStart(4, '0')}-${'a'.repeat(4 * 2 ** 20 - 200)}`;
            for (let i = 0; i < 1000; i++) {
              yield* i % 2 === 0 ? paxPath(long(i)) : gnuLongName(long(i));
              yield* tarMember('placeholder', Buffer.from('x'));
            }
            yield* paxPath(`${ROOT}/${'b'.repeat(5 * 2 ** 20)}`);
            yield* tarMember('placeholder', Buffer.from('x'));
          }),
        ),
      // 4 GB of names unpack from a few MB: the budget and ratio caps are raised so every name reaches the name cap.
      args: ['--limit', 'bundleFloorBytes=8G', '--limit', 'maxCompressionRatio=100000'],
      expect: { exit: 0, diagnostics: [/Too long an entry name: 4194\d{3} characters, limit 4096 \(maxNameLength\)/, /Header exceeds max size/] },
    },
    {
      name: 'long-names.zip',
      what: 'zip entries with 60,000-character names',
      bytes: () => zipOf(base(), Array.from({ length: 20 }, (_, i) => ({ name: `${ROOT}/${i}-${'n'.repeat(60_000)}`, content: 'x' }))),
      expect: { exit: 0, diagnostics: [/Too long an entry name: 600\d\d characters, limit 4096 \(maxNameLength\)/] },
    },
    {
      name: 'control-chars.zip',
      file: 'control-\u001b[31m\u202echars.zip',
      what: 'terminal escapes, C1 controls, bidi overrides, zero-width characters and lone CRs in a node name, a status line, log lines and entry names; an agent folder whose name differs only by a zero-width space',
      bytes: () => zipOf(controlFiles()),
      expect: {
        exit: 3,
        diagnostics: [/Agent pod names that look alike: "cilium-aaaaa", "cilium-aaaaa\u200b" differ only in invisible or look-alike characters/],
        findings: [{ slug: 'log-errors', count: 1 }],
      },
      stdout: ['md', 'json', 'html', 'junit'],
      diff: true,
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
