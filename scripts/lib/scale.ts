// Large realistic bundles for the benchmark (issue: scale): N nodes, each agent with its status, health of N
// peers, a node list of N rows, ~100 endpoints, ~500 services and a 5 MB log, plus the cluster-wide Kubernetes
// lists. Written as a stream: a 2,000-node bundle is about 12 GB unpacked.
import { layout } from './bundle.js';
import { buildCluster, type Scenario } from './scenario.js';
import { writeTarGzStream, writeZipStream } from './write.js';

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
    // About 110 bytes a line: a 5 MB log per agent.
    logLinesPerAgent: 45_000,
    seed: 2000 + nodes,
    // A few faults so that the checks have something to report, none that needs the full health matrix kept.
    faults: [
      { kind: 'log-errors', node: 'node-01', count: 25 },
      { kind: 'ipam-exhaustion', node: 'node-02', used: 250 },
      { kind: 'controllers-failing', node: 'node-03' },
    ],
    lazyHealth: true,
    // The ipcache and tunnel map dumps hold every node on every agent: N² lines.
    hostMaps: false,
  };
}

export async function writeScaleBundle(nodes: number, out: string, format: 'zip' | 'tar.gz'): Promise<void> {
  const scenario = scaleScenario(nodes);
  const cluster = buildCluster(scenario);
  const root = `cilium-sysdump-${scenario.timestamp}`;
  if (format === 'zip') await writeZipStream(layout(cluster), root, out);
  else await writeTarGzStream(layout(cluster), root, out);
}
