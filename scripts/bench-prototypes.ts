// The prototype measurements, re-checked on a bench bundle (bench/profile.md quotes them): how fast the
// compact forms the redesign would read directly can be made, next to what today's parsers spend on the same bytes.
//
//   node --import tsx scripts/bench-prototypes.ts .bench/scale-500-v2.zip
//
// 1. An agent log: newline count (memchr), one regex pass over a latin1 view for the level markers decoding only the
//    hit lines, against the agent-logs parser fed line by line as the normalise stage feeds it.
// 2. A `cilium-health status -o json` of N peers: JSON.parse, then straight into state bytes and Float32 latencies,
//    against the health JSON parser plus the compact rows the normalise stage makes of its result.
// 3. The ip list JSON (the slowest parser on the realistic bundles): JSON.parse alone against the line-located parser.
import { spawnSync } from 'node:child_process';
import { agentLogs } from '../src/parsers/agent-logs.js';
import { ciliumHealthStatusJson } from '../src/parsers/cilium-health-status.js';
import { ciliumIpListJson } from '../src/parsers/cilium-ip-list.js';
import { rowsOfReport } from '../src/stages/normalise/health-matrix.js';
import { LineSplitter } from '../src/stages/normalise/lines.js';
import type { HealthReport } from '../src/model/health.js';

const bundle = process.argv[2];
if (!bundle) throw new Error('usage: bench-prototypes.ts <scale bundle .zip>');

/** One member, through `unzip -p` (a glob picks the first agent's copy). */
function member(glob: string): Buffer {
  const r = spawnSync('unzip', ['-p', bundle as string, glob], { maxBuffer: 1 << 30 });
  if (r.status !== 0 || r.stdout.length === 0) throw new Error(`no member ${glob} in ${bundle}`);
  return r.stdout;
}

function firstName(pattern: RegExp): string {
  const r = spawnSync('unzip', ['-Z1', bundle as string], { maxBuffer: 1 << 30, encoding: 'utf8' });
  const name = r.stdout.split('\n').find((n) => pattern.test(n));
  if (!name) throw new Error(`no member matching ${pattern}`);
  return name;
}

/** Best of five runs, in ms: these are microbenchmarks on a machine other work shares. */
function best(fn: () => unknown): number {
  let min = Infinity;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const logName = firstName(/\/logs-cilium-[a-z0-9]+-cilium-agent-\d{8}-\d{6}\.log$/);
const log = member(logName);
const newlines = best(() => {
  let n = 0;
  for (let i = log.indexOf(10); i >= 0; i = log.indexOf(10, i + 1)) n++;
  return n;
});
let hits = 0;
let text = '';
const view = best(() => {
  text = log.toString('latin1');
});
const levels = best(() => {
  const re = /level=(?:error|fatal|panic|warning)\b/g;
  hits = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let start = m.index;
    while (start > 0 && text.charCodeAt(start - 1) !== 10) start--;
    const end = text.indexOf('\n', m.index);
    // Only the hit lines are decoded as UTF-8.
    log.toString('utf8', start, end < 0 ? log.length : end);
    hits++;
  }
});
const parser = best(() => {
  const sink = agentLogs.start(logName);
  const splitter = new LineSplitter((text, n) => sink.line(text, n));
  for (let at = 0; at < log.length; at += 1 << 16) splitter.push(log.subarray(at, Math.min(log.length, at + (1 << 16))));
  splitter.end();
  sink.end();
});
process.stdout.write(`agent log ${(log.length / 1e6).toFixed(1)} MB: newline count ${newlines.toFixed(1)} ms; a latin1 view ${view.toFixed(1)} ms, then one regex pass for the level markers decoding the ${hits} hit lines ${levels.toFixed(1)} ms; agent-logs parser: ${parser.toFixed(1)} ms\n`);

const healthName = firstName(/\/cmd\/cilium-health-status--o-json\.md$/);
const health = member(healthName).toString('utf8');
let peers = 0;
const compact = best(() => {
  const json = JSON.parse(health) as { nodes: { host?: { 'primary-address'?: Record<string, { latency?: number; status?: string }> }; 'health-endpoint'?: { 'primary-address'?: Record<string, { latency?: number; status?: string }> } }[] };
  peers = json.nodes.length;
  const state = new Uint8Array(peers * 4);
  const latency = new Float32Array(peers * 4);
  json.nodes.forEach((n, r) => {
    [n.host?.['primary-address'], n['health-endpoint']?.['primary-address']].forEach((addr, t) => {
      ['icmp', 'http'].forEach((p, k) => {
        const probe = addr?.[p];
        if (!probe) return;
        state[r * 4 + t * 2 + k] = probe.status ? 2 : 1;
        latency[r * 4 + t * 2 + k] = (probe.latency ?? Number.NaN) / 1e6;
      });
    });
  });
});
const today = best(() => {
  const parsed = ciliumHealthStatusJson.parse(health, healthName);
  rowsOfReport(parsed.data as HealthReport, 10);
});
process.stdout.write(`health JSON of ${peers} peers (${(health.length / 1e3).toFixed(0)} kB): JSON.parse into state bytes and Float32 latencies ${compact.toFixed(2)} ms; health parser and compact rows ${today.toFixed(2)} ms (${(today / compact).toFixed(0)}x)\n`);

const ipName = firstName(/\/cmd\/cilium-dbg-ip-list--n--o-json\.md$/);
const ipList = member(ipName).toString('utf8');
const plain = best(() => JSON.parse(ipList));
const located = best(() => ciliumIpListJson.parse(ipList, ipName));
process.stdout.write(`ip list JSON (${(ipList.length / 1e6).toFixed(1)} MB): JSON.parse ${plain.toFixed(1)} ms; line-located parser ${located.toFixed(1)} ms (${(located / plain).toFixed(0)}x)\n`);
