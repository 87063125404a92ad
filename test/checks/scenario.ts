import { lineOf, renderBundle } from '../../scripts/lib/bundle.js';
import { buildCluster, type FaultSpec, type Scenario } from '../../scripts/lib/scenario.js';
import type { Files } from './tester.js';

/** A small healthy cluster: three nodes on Cilium 1.16.5, every output a real 1.16 agent's bugtool collects. */
export const BASE: Scenario = {
  name: 'check-case',
  timestamp: '20241223-232727',
  cliVersion: 'v0.16.24',
  clusterName: 'default',
  kubernetes: 'v1.31.4',
  cilium: '1.16.5',
  kpr: 'True',
  routing: 'native',
  ipam: 'cluster-pool',
  nodes: [
    { name: 'node-a', ip: '10.10.0.11', cidr: '10.0.0.0/24', zone: 'zone-a', control: true, pod: 'cilium-aaaaa' },
    { name: 'node-b', ip: '10.10.0.12', cidr: '10.0.1.0/24', zone: 'zone-a', pod: 'cilium-bbbbb' },
    { name: 'node-c', ip: '10.10.0.13', cidr: '10.0.2.0/24', zone: 'zone-b', pod: 'cilium-ccccc' },
  ],
  endpointsPerNode: 3,
  services: 3,
  logLinesPerAgent: 12,
  seed: 7,
  faults: [],
};

export const TS = BASE.timestamp;

export interface Case {
  files: Files;
  /** `{ file, line }` of the first line holding every needle in turn, in a file of the case. */
  at(file: string, ...needles: string[]): { file: string; line: number | null };
  /** A bundle file's text. */
  text(file: string): string;
}

/** A generated bundle as files relative to its root folder, for the check tester. */
export function scenario(changes: Partial<Scenario> & { faults?: FaultSpec[] } = {}, edit?: (files: Record<string, string>) => void): Case {
  const s = { ...BASE, ...changes, faults: changes.faults ?? [] };
  const root = `cilium-sysdump-${s.timestamp}/`;
  const files: Record<string, string> = {};
  for (const f of renderBundle(buildCluster(s)).files) files[f.path.slice(root.length)] = f.content.toString('utf8');
  edit?.(files);
  return {
    files,
    at(file, ...needles) {
      const content = files[file];
      if (content === undefined) throw new Error(`no file ${file} in the case`);
      const line = lineOf(content, ...needles);
      if (line === null) throw new Error(`no line with ${needles.join(' … ')} in ${file}`);
      return { file, line };
    },
    text(file) {
      const content = files[file];
      if (content === undefined) throw new Error(`no file ${file} in the case`);
      return content;
    },
  };
}

/** Path of an agent's bugtool output in the base scenario. */
export function agentFile(pod: string, inner: string, ts = TS): string {
  return `cilium-bugtool-${pod}-${ts}/${inner}`;
}

/**
 * Line of one probe in an observer's `cilium-health status -o json`: nodes are listed local first, then by name;
 * within a node the keys are sorted (`health-endpoint`, `host`, `name`), and within an address `http`, `icmp`, `ip`.
 */
export function healthJsonProbe(c: Case, observer: string, dest: string, target: 'health-endpoint' | 'host', protocol: 'http' | 'icmp', nodes = ['node-a', 'node-b', 'node-c']): { file: string; line: number | null } {
  const order = [observer, ...nodes.filter((n) => n !== observer).sort()];
  const file = agentFile(podOf(observer), 'cmd/cilium-health-status--o-json.md');
  return c.at(file, ...Array<string>(order.indexOf(dest) + 1).fill(`"${target}"`), `"${protocol}"`, '"status"');
}

/** Agent pod of a base-scenario node: `node-a` → `cilium-aaaaa`. */
export function podOf(node: string): string {
  const letter = node.slice(-1);
  return `cilium-${letter.repeat(5)}`;
}
