// Large realistic bundles for the benchmark (issue: scale): N nodes, each agent with its status, health of N
// peers, a node list of N rows, ~100 endpoints, ~500 services, and the rest of a real bugtool folder and root
// (realistic.ts: about 200 files per agent, CT tables of thousands to tens of thousands of entries, ipcache,
// kallsyms, gops, iptables, …, logs that deflate as real ones do), plus the cluster-wide Kubernetes lists. Written
// as a stream: a 2,000-node bundle is about 55 GB unpacked.
import { layout } from './bundle.js';
import { DEFAULT_SIZES, realisticLayout, type Sizes } from './realistic.js';
import { buildCluster, type Scenario } from './scenario.js';
import { writeTarGzStream, writeZipStream } from './write.js';

/**
 * Part of the bench's cache key (`.bench/scale-<N>-v<version>.<format>`): raise it whenever the bundles change, so
 * that a stale bundle is never measured. v1: the outputs cilium-report parses only; v2: realistic.ts.
 */
export const SCALE_PROFILE_VERSION = 2;

export function scaleScenario(nodes: number): Scenario {
  return {
    name: `scale-${nodes}`,
    timestamp: '20250601-120000',
    cliVersion: 'v0.16.24',
    clusterName: 'default',
    kubernetes: 'v1.31.4',
    cilium: '1.16.5',
    kpr: 'True',
    routing: 'native',
    ipam: 'cluster-pool',
    nodes: { count: nodes, prefix: 'node-', subnet: '10.20', podPrefix: '10.0' },
    endpointsPerNode: 100,
    services: 500,
    // Only read by the shared log generator, which realistic.ts replaces (Sizes.agentLogLines).
    logLinesPerAgent: 45_000,
    seed: 2000 + nodes,
    // A few faults so that the checks have something to report, none that needs the full health matrix kept. The
    // restarts give those agents the `-prev` log a real bundle has for a restarted container.
    faults: [
      { kind: 'log-errors', node: 'node-01', count: 25 },
      { kind: 'ipam-exhaustion', node: 'node-02', used: 250 },
      { kind: 'controllers-failing', node: 'node-03' },
      { kind: 'agent-restarts', node: 'node-04', reason: 'Error', restarts: 1 },
    ],
    lazyHealth: true,
    // The ipcache and tunnel map dumps hold every node on every agent: N² lines.
    hostMaps: false,
  };
}

export async function writeScaleBundle(nodes: number, out: string, format: 'zip' | 'tar.gz', sizes: Sizes = DEFAULT_SIZES): Promise<void> {
  const scenario = scaleScenario(nodes);
  const cluster = buildCluster(scenario);
  const root = `cilium-sysdump-${scenario.timestamp}`;
  const files = realisticLayout(cluster, layout(cluster), sizes);
  if (format === 'zip') await writeZipStream(files, root, out);
  else await writeTarGzStream(files, root, out);
}
