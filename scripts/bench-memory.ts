// What the model holds once the scan is over, by part: the heap left after normalise, then how much of it each
// part of the Bundle frees when dropped (a full GC between each). bench/profile.md quotes it.
//
//   node --expose-gc --import tsx scripts/bench-memory.ts .bench/scale-500-v2.zip
import { openBundle } from '../src/stages/unpack/index.js';
import { normalise } from '../src/stages/normalise/index.js';
import type { Bundle } from '../src/model/bundle.js';

const input = process.argv[2];
if (!input || !global.gc) throw new Error('usage: node --expose-gc --import tsx scripts/bench-memory.ts <bundle>');
const gc = global.gc as () => void;
// The scan's promise chains hold its buffers until the next macrotask: measure after one.
const heap = async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

const start = await heap();
const fs = await openBundle(input);
const { bundle } = await normalise(fs);
await fs.close();
let last = await heap();
process.stdout.write(`heap after normalise: ${mib(last - start)} (peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB)\n`);

const drops: [string, (b: Bundle) => void][] = [
  ['agents[].ipList (cilium ip list)', (b) => b.agents.forEach((a) => (a.ipList = null))],
  ['agents[].services', (b) => b.agents.forEach((a) => (a.services = null))],
  ['agents[].endpoints', (b) => b.agents.forEach((a) => (a.endpoints = null))],
  ['agents[].nodeList', (b) => b.agents.forEach((a) => (a.nodeList = null))],
  ['agents[].status', (b) => b.agents.forEach((a) => (a.status = null))],
  ['agents[].logs', (b) => b.agents.forEach((a) => (a.logs = []))],
  ['agents[] (the rest)', (b) => (b.agents = [])],
  ['health matrix', (b) => (b.health = null)],
  ['k8s lists', (b) => (b.k8s = { version: null, nodes: null, pods: null, ciliumNodes: null, ciliumEndpoints: null, ciliumIdentities: null, services: null, endpointSlices: null, ciliumConfig: null, events: null, podRows: null, nodeUsage: null })],
  ['ledger and diagnostics', (b) => ((b.ledger = []), (b.diagnostics = []), (b.gaps = []))],
];
for (const [name, drop] of drops) {
  drop(bundle);
  const now = await heap();
  process.stdout.write(`  ${mib(last - now).padStart(9)}  ${name}\n`);
  last = now;
}
process.stdout.write(`  ${mib(last - start).padStart(9)}  left\n`);
