// `npm run bench`: the report's time and peak memory on large generated bundles that look like real sysdumps,
// against the floor (the fastest pass this bench finds that only decompresses the same bundle) and against the
// by-hand peer (unzip, then grep, as an engineer does without the tool). Bundles are generated once and cached in
// .bench/ (the file name carries SCALE_PROFILE_VERSION).
//
//   npm run bench                                  # N = 50, 500, 2000; zip and tar.gz
//   npm run bench -- --nodes 50,500 --formats zip  # a quicker run
//
// Prints a table and writes it to bench/results.md, which the README quotes.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';
import { SCALE_PROFILE_VERSION, scaleScenario, writeScaleBundle } from './lib/scale.js';
import { repackZipAsTarGz } from './lib/write.js';

const ROOT = new URL('../', import.meta.url).pathname;
const CHUNK = 1 << 20;

type Format = 'zip' | 'tar.gz';

interface Row {
  /** Why the report did not finish, when it did not (out of memory, a crash). */
  failed?: string;
  nodes: number;
  format: Format;
  packedBytes: number;
  unpackedBytes: number;
  files: number;
  /** The floor: direct reads and one-shot inflate on every core (zip), one gunzip pass (tar.gz). */
  floorS: number;
  /** `unzip -p` / `gzip -dc` to /dev/null, for reference. */
  toolS: number;
  /** Unpack to a folder, then grep it; null when the disk has no room for the unpacked bundle. */
  peer: { unpackS: number; grepS: number } | { skipped: string };
  /** `cilium-report grep -c` for the by-hand peer's searches (one run per literal), nested archives included. */
  grepS: number | null;
  reportS: number;
  peakRssMb: number;
  stages: [string, number][];
  /** The machine's 1-minute load average before and after the row: the bench machine is shared. */
  load: [number, number];
}

/** One member of a zip, from its central directory entry. */
interface Member {
  offset: number;
  packed: number;
  size: number;
  method: number;
}

/** The central directory of a zip (ZIP64 included): where each member's local header is and how big it is. */
function centralDirectory(path: string): Member[] {
  const fd = openSync(path, 'r');
  try {
    const fileSize = statSync(path).size;
    const tailSize = Math.min(fileSize, 65_557);
    const tail = Buffer.alloc(tailSize);
    readSync(fd, tail, 0, tailSize, fileSize - tailSize);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${path}: no end of central directory`);
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw new Error(`${path}: ZIP64 locator missing`);
      const at = Number(tail.readBigUInt64LE(locator + 8));
      const z = Buffer.alloc(56);
      readSync(fd, z, 0, 56, at);
      count = Number(z.readBigUInt64LE(32));
      cdSize = Number(z.readBigUInt64LE(40));
      cdOffset = Number(z.readBigUInt64LE(48));
    }
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    const members: Member[] = [];
    let p = 0;
    for (let i = 0; i < count && p + 46 <= cd.length; i++) {
      let packed = cd.readUInt32LE(p + 20);
      let size = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let offset = cd.readUInt32LE(p + 42);
      // ZIP64 extra field: the 64-bit values in order, only for the fields saturated in the fixed part.
      for (let e = p + 46 + nameLen; e + 4 <= p + 46 + nameLen + extraLen; ) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) (size = Number(cd.readBigUInt64LE(q))), (q += 8);
          if (packed === 0xffffffff) (packed = Number(cd.readBigUInt64LE(q))), (q += 8);
          if (offset === 0xffffffff) offset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      members.push({ offset, packed, size, method: cd.readUInt16LE(p + 10) });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return members;
  } finally {
    closeSync(fd);
  }
}

// The worker reads its members with one positioned read each and inflates each in one call into a buffer of the
// size the central directory gives: no streams, no 16 KiB reads through one descriptor.
const FLOOR_WORKER = `
const { openSync, readSync, closeSync } = require('node:fs');
const { inflateRawSync } = require('node:zlib');
const { parentPort, workerData } = require('node:worker_threads');
const { path, members } = workerData;
const fd = openSync(path, 'r');
const header = Buffer.alloc(30);
let total = 0;
let scratch = Buffer.alloc(1 << 20);
for (let i = 0; i < members.length; i += 4) {
  const offset = members[i], packed = members[i + 1], size = members[i + 2], method = members[i + 3];
  readSync(fd, header, 0, 30, offset);
  const start = offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (packed > scratch.length) scratch = Buffer.alloc(packed);
  readSync(fd, scratch, 0, packed, start);
  const data = scratch.subarray(0, packed);
  total += method === 8 ? inflateRawSync(data, { chunkSize: Math.max(64, size) }).length : packed;
}
closeSync(fd);
parentPort.postMessage(total);
`;

/** The zip floor: members split into one contiguous run per core, each run read and inflated by its own worker. */
async function directZip(path: string, members: readonly Member[]): Promise<number> {
  const workers = Math.max(1, availableParallelism());
  const sorted = [...members].sort((a, b) => a.offset - b.offset);
  const total = sorted.reduce((sum, m) => sum + m.packed, 0);
  const runs: number[][] = Array.from({ length: workers }, () => []);
  let acc = 0;
  for (const m of sorted) {
    const w = Math.min(workers - 1, Math.floor((acc / Math.max(1, total)) * workers));
    (runs[w] as number[]).push(m.offset, m.packed, m.size, m.method);
    acc += m.packed;
  }
  const counts = await Promise.all(
    runs.map(
      (run) =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(FLOOR_WORKER, { eval: true, workerData: { path, members: run } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** A sink that counts what it is given. */
function counter(): Writable & { bytes: number } {
  const sink = new Writable({
    highWaterMark: CHUNK,
    write(chunk: Buffer, _enc, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

/** The tar.gz floor: one gzip stream can only be inflated in order, on one core. */
async function gunzip(path: string): Promise<number> {
  const sink = counter();
  await pipeline(createReadStream(path, { highWaterMark: CHUNK }), createGunzip({ chunkSize: CHUNK }), sink);
  return sink.bytes;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e9];
}

function timedShell(script: string): number {
  const start = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', script], { stdio: ['ignore', 'ignore', 'inherit'] });
  // grep exits 1 when nothing matched; anything above is a failure.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${script} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * The by-hand peer: what an engineer does without the tool. Unpack the bundle to a folder, then search every
 * output for the error and warning levels of the logs and for one node's address (where does node-01 appear, who
 * fails to reach it). The engineer would still have to read what grep found; the peer's time is a lower bound.
 */
function byHandPeer(bundle: string, format: Format, unpackedBytes: number, nodeIp: string): Row['peer'] {
  const free = statfsSync(tmpdir()).bavail * statfsSync(tmpdir()).bsize;
  // Leave room for the other work on the machine: the peer needs the whole bundle on disk.
  const reserve = 20e9;
  if (free - reserve < unpackedBytes * 1.05) return { skipped: `needs ${(unpackedBytes / 1e9).toFixed(0)} GB of free disk, ${(Math.max(0, free - reserve) / 1e9).toFixed(0)} GB spare` };
  const dir = mkdtempSync(join(tmpdir(), 'cilium-report-peer-'));
  try {
    const unpackS = timedShell(format === 'zip' ? `unzip -q -o '${bundle}' -d '${dir}'` : `tar -xzf '${bundle}' -C '${dir}'`);
    const grepS = timedShell(`grep -rIE 'level=(error|fatal|panic|warning)' '${dir}' > /dev/null; grep -rIF '${nodeIp}' '${dir}' > /dev/null`);
    return { unpackS, grepS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the built CLI under GNU time: wall seconds, peak RSS and the CLI's own per-stage timings. */
function report(cli: string, bundle: string): { seconds: number; peakRssMb: number; stages: [string, number][]; failed?: string } {
  const out = mkdtempSync(join(tmpdir(), 'cilium-report-bench-'));
  try {
    const r = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %M', process.execPath, cli, bundle, '-o', out, '--timings', '--exit-zero', '-q'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const last = /BENCH ([\d.]+) (\d+)/.exec(r.stderr);
    if (!last) throw new Error(`could not time cilium-report on ${bundle}:\n${r.stderr}`);
    const stages = [...r.stderr.matchAll(/^timing (.+?)\s+([\d.]+) s$/gm)].map((m) => [(m[1] as string).trim(), Number(m[2])] as [string, number]);
    const result = { seconds: Number(last[1]), peakRssMb: Number(last[2]) / 1024, stages };
    if (r.status === 0) return result;
    // A failed run is a result too: the table says so rather than the bench stopping.
    const why = /heap out of memory/.test(r.stderr) ? 'out of memory' : (r.stderr.trim().split('\n').find((l) => l.startsWith('cilium-report:')) ?? `exit ${r.status}`);
    return { ...result, failed: why };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function bundleFor(dir: string, nodes: number, format: Format): Promise<string> {
  const path = join(dir, `scale-${nodes}-v${SCALE_PROFILE_VERSION}.${format}`);
  if (existsSync(path)) return path;
  // The tar.gz is the zip re-packed, as users re-pack a sysdump: rendering the bundle once is enough.
  const zip = format === 'tar.gz' ? await bundleFor(dir, nodes, 'zip') : null;
  process.stderr.write(`generating ${path} ...\n`);
  const [, seconds] = await timed(() => (zip ? repackZipAsTarGz(zip, `${path}.part`) : writeScaleBundle(nodes, `${path}.part`, format)));
  renameSync(`${path}.part`, path);
  process.stderr.write(`  ${(statSync(path).size / 1e6).toFixed(0)} MB in ${seconds.toFixed(0)} s\n`);
  return path;
}

/** Members of a tar.gz and the sum of their sizes, from its headers while gunzipping (the table's files and unpacked columns). */
async function tarMembers(path: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  let skip = 0;
  let header = Buffer.alloc(0);
  const sink = new Writable({
    highWaterMark: CHUNK,
    write(chunk: Buffer, _enc, done) {
      let at = 0;
      while (at < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - at);
          skip -= n;
          at += n;
          continue;
        }
        const need = 512 - header.length;
        header = Buffer.concat([header, chunk.subarray(at, at + need)]);
        at += need;
        if (header.length < 512) break;
        const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/, '').trim() || '0', 8);
        if (header[0] !== 0 && (header[156] === 0x30 || header[156] === 0)) {
          files++;
          bytes += size;
        }
        skip = Math.ceil(size / 512) * 512;
        header = Buffer.alloc(0);
      }
      done();
    },
  });
  await pipeline(createReadStream(path, { highWaterMark: CHUNK }), createGunzip({ chunkSize: CHUNK }), sink);
  return { files, bytes };
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const x = (v: number) => `${v.toFixed(2)}×`;

const HEAD = ['nodes', 'format', 'files', 'packed MB', 'unpacked MB', 'floor s', 'unzip -p / gzip -dc s', 'by hand s', 'cilium-report grep s', 'report s', 'report / floor', 'report / by hand', 'report ms per unpacked MB', 'peak RSS MB', 'slowest stage'];

function table(rows: Row[]): string {
  const lines = [`| ${HEAD.join(' | ')} |`, `| ${HEAD.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    const peerS = 'skipped' in r.peer ? null : r.peer.unpackS + r.peer.grepS;
    const peerCell = peerS === null ? `not run (${(r.peer as { skipped: string }).skipped})` : `${peerS.toFixed(1)} (${(r.peer as { unpackS: number }).unpackS.toFixed(1)} + ${(r.peer as { grepS: number }).grepS.toFixed(1)})`;
    const slowest = [...r.stages].sort((a, b) => b[1] - a[1])[0];
    const common = `| ${r.nodes} | ${r.format} | ${r.files} | ${mb(r.packedBytes)} | ${mb(r.unpackedBytes)} | ${r.floorS.toFixed(2)} | ${r.toolS.toFixed(2)} | ${peerCell} | ${r.grepS === null ? 'not run (--no-grep)' : r.grepS.toFixed(1)} |`;
    if (r.failed) {
      lines.push(`${common} failed after ${r.reportS.toFixed(0)} s: ${r.failed} | — | — | — | ${r.peakRssMb.toFixed(0)} | |`);
      continue;
    }
    lines.push(
      `${common} ${r.reportS.toFixed(2)} | ${x(r.reportS / r.floorS)} | ${peerS === null ? '—' : x(r.reportS / peerS)} | ${((r.reportS * 1000) / (r.unpackedBytes / 1e6)).toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${slowest ? `${slowest[0]} ${slowest[1].toFixed(2)} s` : ''} |`,
    );
  }
  return lines.join('\n');
}

/** What each column means and how it was measured; bench/results.md and the README say the same. */
export const COLUMNS = `- **files**, **packed MB**, **unpacked MB**: members of the archive, its size on disk, the sum of its members' sizes.
- **floor s**: the fastest pass this bench finds that only decompresses the same bundle (the best of three runs). zip: the central directory is read once, then each member is read with one positioned read and inflated with one \`inflateRawSync\` into a buffer of the size the directory gives, with the members split into one contiguous run per core (worker threads). tar.gz: one gunzip pass (Node's zlib, 1 MiB chunks); a gzip stream cannot be split between cores.
- **unzip -p / gzip -dc s**: the same bundle through \`unzip -p … > /dev/null\` or \`gzip -dc … > /dev/null\`, for reference.
- **by hand s**: the by-hand peer, what an engineer does without the tool: \`unzip -q\` (or \`tar -xzf\`) into a temporary folder, then \`grep -rIE 'level=(error|fatal|panic|warning)'\` and \`grep -rIF <node-01's address>\` over it (unpack + grep in brackets). It is a lower bound: the engineer still has to read what grep found. Not run when the disk has no room for the unpacked bundle.
- **cilium-report grep s**: \`cilium-report grep <bundle> <text> -F -c\` for the same searches straight from the bundle, nested bugtool archives included (which the peer's grep does not open): one run each for \`level=error\`, \`level=fatal\`, \`level=panic\`, \`level=warning\` and node-01's address.
- **report s**, **peak RSS MB**: \`cilium-report <bundle> --timings --exit-zero -q\` under GNU time (wall time, maximum resident set size), default Node heap.
- **report / floor**, **report / by hand**: the report's time over the floor's and over the peer's (below 1× the tool beats the peer; the issue's targets are at most 1.3× the floor and at most 0.2× the peer).
- **report ms per unpacked MB**: the report's time per unpacked megabyte; flat from 50 to 2,000 nodes means the tool scales with the bundle.
- **slowest stage**: the largest of the CLI's own \`--timings\` lines (all of them below the table).
Every bundle is read once with \`cat\` before it is timed, so every column starts from a warm page cache. The bench machine may be shared: the 1-minute load average before and after each row is listed with its timings, and a load above the core count slows every column of that row alike.`;

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '50,500,2000' },
    formats: { type: 'string', default: 'zip,tar.gz' },
    dir: { type: 'string', default: join(ROOT, '.bench') },
    out: { type: 'string', default: join(ROOT, 'bench/results.md') },
    'no-peer': { type: 'boolean', default: false },
    'no-grep': { type: 'boolean', default: false },
    // Another build of the tool (a checkout of an earlier commit) for before/after figures on the same bundles.
    cli: { type: 'string', default: join(ROOT, 'bin/cilium-report.js') },
  },
});
if (!existsSync(join(values.cli, '../../dist/cli.js'))) throw new Error(`${join(values.cli, '../../dist/cli.js')} is missing: run \`npm run build\` first`);
mkdirSync(values.dir, { recursive: true });
const rows: Row[] = [];
for (const nodes of values.nodes.split(',').map(Number)) {
  for (const format of values.formats.split(',') as Format[]) {
    const bundle = await bundleFor(values.dir, nodes, format);
    timedShell(`cat '${bundle}' > /dev/null`);
    const loadBefore = loadavg()[0] as number;
    let unpackedBytes: number;
    let floorS: number;
    let files: number;
    // The floor is the fastest of three passes: it is a lower bound, and the machine may be busy with other work.
    const members = format === 'zip' ? centralDirectory(bundle) : [];
    floorS = Infinity;
    const passes: number[] = [];
    for (let k = 0; k < 3; k++) {
      const [bytes, seconds] = await timed(() => (format === 'zip' ? directZip(bundle, members) : gunzip(bundle)));
      passes.push(bytes);
      floorS = Math.min(floorS, seconds);
    }
    if (format === 'zip') {
      files = members.length;
      unpackedBytes = members.reduce((sum, m) => sum + m.size, 0);
      // A floor that skipped a member would not be a floor.
      if (passes.some((b) => b !== unpackedBytes)) throw new Error(`${bundle}: the direct pass inflated ${passes.join(', ')} bytes, the central directory says ${unpackedBytes}`);
    } else ({ files, bytes: unpackedBytes } = await tarMembers(bundle));
    const toolS = timedShell(format === 'zip' ? `unzip -p '${bundle}' > /dev/null` : `gzip -dc '${bundle}' > /dev/null`);
    const r = report(values.cli, bundle);
    const firstNode = scaleScenario(nodes).nodes as { subnet: string };
    const peer = values['no-peer'] ? { skipped: '--no-peer' } : byHandPeer(bundle, format, unpackedBytes, `${firstNode.subnet}.0.10`);
    // The same two searches as the by-hand peer's second step, straight from the bundle (levels one literal each).
    const grep = (text: string) => `'${process.execPath}' '${values.cli}' grep '${bundle}' '${text}' -F -c > /dev/null 2>&1`;
    const grepS = values['no-grep'] ? null : timedShell(['error', 'fatal', 'panic', 'warning'].map((l) => grep(`level=${l}`)).concat(grep(`${firstNode.subnet}.0.10`)).join('; '));
    const row: Row = { nodes, format, files, packedBytes: statSync(bundle).size, unpackedBytes, floorS, toolS, peer, grepS, reportS: r.seconds, peakRssMb: r.peakRssMb, stages: r.stages, load: [loadBefore, loadavg()[0] as number], ...(r.failed ? { failed: r.failed } : {}) };
    rows.push(row);
    process.stdout.write(`${table([row]).split('\n')[2]}\n`);
    process.stdout.write(`${r.stages.map(([name, s]) => `    ${name.padEnd(28)} ${s.toFixed(2)} s`).join('\n')}\n`);
  }
}
const text = table(rows);
const stages = rows.map((r) => `- N=${r.nodes} ${r.format} (load average ${r.load[0].toFixed(1)} before, ${r.load[1].toFixed(1)} after): ${r.stages.map(([name, s]) => `${name} ${s.toFixed(2)} s`).join(', ')}`).join('\n');
// The command as run, so a row without the peer or grep columns says why; --dir and --out do not change a figure.
const flags = [
  ...(values.nodes === '50,500,2000' ? [] : ['--nodes', values.nodes]),
  ...(values.formats === 'zip,tar.gz' ? [] : ['--formats', values.formats]),
  ...(values['no-peer'] ? ['--no-peer'] : []),
  ...(values['no-grep'] ? ['--no-grep'] : []),
  ...(values.cli === join(ROOT, 'bin/cilium-report.js') ? [] : ['--cli', values.cli]),
];
const command = `npm run bench${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`;
const doc = `# Benchmark\n\n\`${command}\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores. Bundles: \`scripts/lib/scale.ts\` (profile v${SCALE_PROFILE_VERSION}, see \`scripts/lib/realistic.ts\`).\n\n${text}\n\n${COLUMNS}\n\nPer-stage timings (\`--timings\`):\n\n${stages}\n`;
mkdirSync(join(values.out, '..'), { recursive: true });
writeFileSync(values.out, doc);
// The README quotes the latest full run (every size and format) between its bench markers.
const readme = join(ROOT, 'README.md');
const markers = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
const full = values.nodes === '50,500,2000' && values.formats === 'zip,tar.gz' && values.cli === join(ROOT, 'bin/cilium-report.js');
if (full && existsSync(readme) && markers.test(readFileSync(readme, 'utf8'))) {
  const quoted = `<!-- bench:start -->\nLatest run, ${new Date().toISOString().slice(0, 10)}, \`${command}\` (per-stage timings in bench/results.md):\n\n${text}\n<!-- bench:end -->`;
  writeFileSync(readme, readFileSync(readme, 'utf8').replace(markers, quoted));
}
process.stdout.write(`\n${text}\n\nwrote ${values.out}\n`);
