// `npm run bench`: the report's time and peak memory on large generated bundles, against the floor (the fastest
// single pass that only decompresses the same bundle). Bundles are generated once and cached in .bench/.
//
//   npm run bench                                  # N = 50, 500, 2000; zip and tar.gz
//   npm run bench -- --nodes 50,500 --formats zip  # a quicker run
//
// Prints a table and writes it to bench/results.md, which the README quotes.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGunzip, createInflateRaw } from 'node:zlib';
import { parseArgs } from 'node:util';
import yauzl from 'yauzl';
import { writeScaleBundle } from './lib/scale.js';

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
  floorNodeS: number;
  floorToolS: number;
  reportS: number;
  peakRssMb: number;
  stages: [string, number][];
  grep?: { ownS: number; byHandS: number };
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

/** Decompresses every member of a zip with 1 MiB zlib chunks; returns the unpacked byte count. */
async function inflateZip(path: string): Promise<number> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(path, { lazyEntries: true, autoClose: true }, (e, z) => (e ? reject(e) : resolve(z as yauzl.ZipFile))));
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, { decompress: false } as yauzl.ZipFileOptions, (error, raw) => {
        if (error || !raw) return reject(error);
        const sink = counter();
        const stages = entry.compressionMethod === 8 ? [raw, createInflateRaw({ chunkSize: CHUNK }), sink] : [raw, sink];
        pipeline(stages as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream])
          .then(() => {
            total += sink.bytes;
            zip.readEntry();
          })
          .catch(reject);
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return total;
}

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

function timedTool(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * `cilium-report grep` against doing it by hand: extract the bundle to disk and `grep -rF` (which, unlike ours,
 * does not look inside the nested bugtool archives). The same literal text for both; the extract is deleted.
 */
function grepBench(bundle: string, format: Format, text = 'level=error'): { ownS: number; byHandS: number } {
  const ownS = timedTool(process.execPath, [join(ROOT, 'bin/cilium-report.js'), 'grep', bundle, text, '-F', '-q']);
  const dir = mkdtempSync(join(tmpdir(), 'cilium-report-bench-grep-'));
  try {
    const extract = format === 'zip' ? `unzip -qo '${bundle}' -d '${dir}'` : `tar -xzf '${bundle}' -C '${dir}'`;
    const byHandS = timedTool('sh', ['-c', `${extract} && grep -rF '${text}' '${dir}' > /dev/null; true`]);
    return { ownS, byHandS };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the built CLI under GNU time: wall seconds, peak RSS and the CLI's own per-stage timings. */
function report(bundle: string): { seconds: number; peakRssMb: number; stages: [string, number][]; failed?: string } {
  const out = mkdtempSync(join(tmpdir(), 'cilium-report-bench-'));
  try {
    const r = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %M', process.execPath, join(ROOT, 'bin/cilium-report.js'), bundle, '-o', out, '--timings', '--exit-zero', '-q'], { encoding: 'utf8', maxBuffer: 1 << 26 });
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
  const path = join(dir, `scale-${nodes}.${format}`);
  if (existsSync(path)) return path;
  process.stderr.write(`generating ${path} ...\n`);
  const [, seconds] = await timed(() => writeScaleBundle(nodes, `${path}.part`, format));
  renameSync(`${path}.part`, path);
  process.stderr.write(`  ${(statSync(path).size / 1e6).toFixed(0)} MB in ${seconds.toFixed(0)} s\n`);
  return path;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

function table(rows: Row[]): string {
  const head = ['nodes', 'format', 'packed MB', 'unpacked MB', 'floor: node zlib s', 'floor: unzip/gzip s', 'report s', 'report / floor', 'peak RSS MB', 'slowest stage', 'grep s (by hand: extract + grep -rF)'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    const floor = Math.min(r.floorNodeS, r.floorToolS);
    const slowest = [...r.stages].sort((a, b) => b[1] - a[1])[0];
    if (r.failed) {
      lines.push(`| ${r.nodes} | ${r.format} | ${mb(r.packedBytes)} | ${mb(r.unpackedBytes)} | ${r.floorNodeS.toFixed(2)} | ${r.floorToolS.toFixed(2)} | failed after ${r.reportS.toFixed(0)} s: ${r.failed} | — | ${r.peakRssMb.toFixed(0)} | | |`);
      continue;
    }
    lines.push(
      `| ${r.nodes} | ${r.format} | ${mb(r.packedBytes)} | ${mb(r.unpackedBytes)} | ${r.floorNodeS.toFixed(2)} | ${r.floorToolS.toFixed(2)} | ${r.reportS.toFixed(2)} | ${(r.reportS / floor).toFixed(2)}× | ${r.peakRssMb.toFixed(0)} | ${slowest ? `${slowest[0]} ${slowest[1].toFixed(2)} s` : ''} | ${r.grep ? `${r.grep.ownS.toFixed(2)} (${r.grep.byHandS.toFixed(2)})` : ''} |`,
    );
  }
  return lines.join('\n');
}

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '50,500,2000' },
    formats: { type: 'string', default: 'zip,tar.gz' },
    dir: { type: 'string', default: join(ROOT, '.bench') },
    out: { type: 'string', default: join(ROOT, 'bench/results.md') },
  },
});
if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
mkdirSync(values.dir, { recursive: true });
const rows: Row[] = [];
for (const nodes of values.nodes.split(',').map(Number)) {
  for (const format of values.formats.split(',') as Format[]) {
    const bundle = await bundleFor(values.dir, nodes, format);
    const [unpackedBytes, floorNodeS] = await timed(() => (format === 'zip' ? inflateZip(bundle) : gunzip(bundle)));
    const floorToolS = format === 'zip' ? timedTool('sh', ['-c', `unzip -p '${bundle}' > /dev/null`]) : timedTool('sh', ['-c', `gzip -dc '${bundle}' > /dev/null`]);
    const r = report(bundle);
    const row: Row = { nodes, format, packedBytes: statSync(bundle).size, unpackedBytes, floorNodeS, floorToolS, reportS: r.seconds, peakRssMb: r.peakRssMb, stages: r.stages, grep: grepBench(bundle, format), ...(r.failed ? { failed: r.failed } : {}) };
    rows.push(row);
    process.stdout.write(`${table([row]).split('\n')[2]}\n`);
    process.stdout.write(`${r.stages.map(([name, s]) => `    ${name.padEnd(28)} ${s.toFixed(2)} s`).join('\n')}\n`);
  }
}
const text = table(rows);
const stages = rows.map((r) => `- N=${r.nodes} ${r.format}: ${r.stages.map(([name, s]) => `${name} ${s.toFixed(2)} s`).join(', ')}`).join('\n');
const doc = `# Benchmark\n\n\`npm run bench\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform}/${process.arch}. The floor is the fastest single pass that only decompresses the bundle; the ratio is report time over that floor.\n\n${text}\n\nPer-stage timings (\`--timings\`):\n\n${stages}\n`;
mkdirSync(join(values.out, '..'), { recursive: true });
writeFileSync(values.out, doc);
// The README quotes the latest full run (every size and format) between its bench markers.
const readme = join(ROOT, 'README.md');
const markers = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
const full = values.nodes === '50,500,2000' && values.formats === 'zip,tar.gz';
if (full && existsSync(readme) && markers.test(readFileSync(readme, 'utf8'))) {
  const quoted = `<!-- bench:start -->\nLatest run, ${new Date().toISOString().slice(0, 10)} (per-stage timings in bench/results.md):\n\n${text}\n<!-- bench:end -->`;
  writeFileSync(readme, readFileSync(readme, 'utf8').replace(markers, quoted));
}
process.stdout.write(`\n${text}\n\nwrote ${values.out}\n`);
