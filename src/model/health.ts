import { z } from 'zod';
import { SourcedSchema, SrcSchema } from './common.js';

/** One probe result: `ICMP to stack: OK, RTT=7.57ms` or the error text printed in its place. */
export const ProbeSchema = SourcedSchema.extend({
  ok: z.boolean(),
  latencyMs: z.number().nonnegative().nullable(),
  /** The error text when not OK (`Connection timed out`, `Get "http://…": context deadline exceeded …`). */
  error: z.string().nullable(),
});
export type Probe = z.infer<typeof ProbeSchema>;

/** The probes of one address. */
export const HealthPathSchema = z.object({
  /** Address probed (node IP for host connectivity, health endpoint IP for endpoint connectivity). */
  ip: z.string().nullable(),
  icmp: ProbeSchema.nullable(),
  http: ProbeSchema.nullable(),
});
export type HealthPath = z.infer<typeof HealthPathSchema>;

/** A node's or its health endpoint's primary address, and its other addresses probed apart. */
export const HealthTargetSchema = HealthPathSchema.extend({
  /**
   * The `Secondary connectivity to <ip>:` blocks under the primary one (text) or `secondary-addresses` (JSON): the
   * other addresses of a dual-stack or multi-homed node, each its own probes. They never stand in for the primary
   * result: a failing IPv6 path does not make a node whose primary address answers unreachable.
   */
  secondary: z.array(HealthPathSchema),
});
export type HealthTarget = z.infer<typeof HealthTargetSchema>;

/** What one observer knows about one destination node. */
export const HealthNodeSchema = SourcedSchema.extend({
  /** Node name with any `<cluster>/` prefix removed. */
  name: z.string(),
  cluster: z.string().nullable(),
  /** The observer's own node (`(localhost)` in text, `local.name` in JSON). */
  localhost: z.boolean(),
  host: HealthTargetSchema.nullable(),
  endpoint: HealthTargetSchema.nullable(),
});
export type HealthNode = z.infer<typeof HealthNodeSchema>;

/** One agent's `cilium-health status` (text, `--verbose`, `-o json`) or the detailed health list of a 1.17+ verbose status. */
export const HealthReportSchema = z.object({
  src: SrcSchema,
  format: z.enum(['text', 'json']),
  /** The observer's own node name, when the output says it (`local.name`, or the `(localhost)` row). */
  localName: z.string().nullable(),
  probeTime: z.string().nullable(),
  nodes: z.array(HealthNodeSchema),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;

/**
 * Where an observer's row of the matrix came from, best first. The status summary table only says
 * reachable/unreachable per node and per endpoint, so its cells carry no protocol detail.
 */
export const HealthSourceSchema = z.enum(['health-json', 'health-text', 'status-detailed', 'status-table']);
export type HealthSource = z.infer<typeof HealthSourceSchema>;

export const HealthObserverSchema = z.object({
  /** Kubernetes node name of the observing agent. */
  node: z.string(),
  pod: z.string(),
  file: z.string(),
  source: HealthSourceSchema,
  probeTime: z.string().nullable(),
});
export type HealthObserver = z.infer<typeof HealthObserverSchema>;

export const TARGETS = ['node', 'endpoint'] as const;
export const PROTOCOLS = ['icmp', 'http'] as const;
export type Target = (typeof TARGETS)[number];
export type Protocol = (typeof PROTOCOLS)[number];

/** Cell states in {@link HealthMatrix.state}. */
export const CELL_NONE = 0;
export const CELL_OK = 1;
export const CELL_FAILED = 2;

/**
 * What a finding cites of a cell: the line of the observer's file and its excerpt. Kept only for failed cells and
 * cells at least the normalise stage's latency floor slow, the ones findings cite; no other cell has a line.
 */
export const CellNoteSchema = z.object({ excerpt: z.string(), error: z.string().nullable(), line: z.number().int().positive().nullable() });
export type CellNote = z.infer<typeof CellNoteSchema>;

export const SecondaryMatrixSchema = z.object({
  state: z.instanceof(Uint8Array),
  latencyMs: z.instanceof(Float32Array),
  notes: z.map(z.number(), CellNoteSchema),
  /** Secondary addresses per destination and target, comma-separated as cilium-health prints them: `[d][target]`. */
  addresses: z.array(z.tuple([z.string().nullable(), z.string().nullable()])),
});
export type SecondaryMatrix = z.infer<typeof SecondaryMatrixSchema>;

/**
 * The cluster's reachability matrix: observer × destination × target (node, endpoint) × protocol (icmp, http).
 * Kept in typed arrays because it grows with the square of the node count (2,000 nodes: 16 million cells).
 * Cell index: `((o * nodes.length + d) * 2 + target) * 2 + protocol`; see {@link cellIndex}.
 */
export const HealthMatrixSchema = z.object({
  /** Destination node names; index `d`. */
  nodes: z.array(z.string()),
  /** Observers; index `o`. */
  observers: z.array(HealthObserverSchema),
  /** One of CELL_NONE, CELL_OK, CELL_FAILED per cell. */
  state: z.instanceof(Uint8Array),
  /** Round-trip time in ms per cell, NaN when unknown. */
  latencyMs: z.instanceof(Float32Array),
  /** Line, excerpt and error text of failed cells and of cells slower than the normalise stage's latency floor. */
  notes: z.map(z.number(), CellNoteSchema),
  /** Address probed per destination and target, from the first observer that printed it: `[d][target]`. */
  addresses: z.array(z.tuple([z.string().nullable(), z.string().nullable()])),
  /**
   * The secondary addresses' probes, in the same cell layout, kept apart from the primary cells the health checks
   * judge: a cell holds the worst result among a target's secondary addresses. Null when no observer printed any.
   */
  secondary: SecondaryMatrixSchema.nullable(),
});
export type HealthMatrix = z.infer<typeof HealthMatrixSchema>;

export function cellIndex(m: { nodes: readonly unknown[] }, o: number, d: number, target: 0 | 1, protocol: 0 | 1): number {
  return ((o * m.nodes.length + d) * 2 + target) * 2 + protocol;
}
