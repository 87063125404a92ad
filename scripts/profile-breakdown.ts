// Where the main thread's time goes in a `node --cpu-prof` profile of cilium-report, by part of the pipeline: each
// sample's time goes to the part that owns its innermost frame (a parser, the unpack stage, the stream and zlib
// plumbing, correlate, render, validation, garbage collection). bench/profile.md is made from its output.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/cilium-report.js .bench/scale-500-v2.zip -o /tmp/out --timings
//   node --import tsx scripts/profile-breakdown.ts /tmp/prof/*.cpuprofile
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The part of the pipeline a frame belongs to. */
function partOf(f: CallFrame): string {
  const u = f.url;
  if (f.functionName === '(garbage collector)') return 'garbage collection';
  if (f.functionName === '(idle)') return 'idle (waiting for I/O or the thread pool)';
  if (f.functionName === '(program)') return 'V8 and Node internals (program)';
  const parser = /\/(?:src|dist)\/parsers\/(?:util\/)?([\w-]+)\.[jt]s$/.exec(u);
  if (parser) return `parsers: ${/\/util\//.test(u) ? 'util/' : ''}${parser[1]}`;
  if (/\/(?:src|dist)\/stages\/unpack\//.test(u)) return 'unpack stage';
  if (/\/(?:src|dist)\/stages\/normalise\//.test(u)) return `normalise: ${/([\w-]+)\.[jt]s$/.exec(u)?.[1]}`;
  if (/\/(?:src|dist)\/(checks|stages\/correlate)\//.test(u)) return 'correlate (checks, report)';
  if (/\/(?:src|dist)\/stages\/(render|redact)\/|\/handlebars\//.test(u)) return 'render';
  if (/\/node_modules\/zod\//.test(u)) return 'zod validation';
  if (/\/node_modules\/(yauzl|tar-stream|streamx|fd-slicer|buffer-crc32|b4a|fast-fifo|text-decoder)\//.test(u)) return 'archive readers (yauzl, tar-stream)';
  if (/\/node_modules\/yaml\//.test(u)) return 'yaml package';
  if (/^node:(internal\/)?(streams?|zlib|string_decoder|events|buffer|internal\/streams)/.test(u) || /^node:internal\/(streams|fs\/streams|webstreams)/.test(u)) return 'Node streams, zlib and buffers';
  if (/^node:/.test(u)) return 'Node internals (fs, modules, timers)';
  if (u === '') return `native: ${f.functionName || '(anonymous)'}`;
  return 'other';
}

const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: profile-breakdown.ts <file.cpuprofile>…');
for (const file of files) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parts = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const part = partOf((byId.get(id) as ProfileNode).callFrame);
    parts.set(part, (parts.get(part) ?? 0) + dt);
  });
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s of main-thread samples\n`);
  for (const [part, us] of [...parts].sort((a, b) => b[1] - a[1])) {
    if (us / total < 0.002) continue;
    process.stdout.write(`  ${(us / 1e6).toFixed(2).padStart(8)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${part}\n`);
  }
}
