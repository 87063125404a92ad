import { z } from 'zod';
import { SeveritySchema } from '../../model/common.js';
import { FindingSchema } from '../../model/report.js';

/**
 * `cilium-report diff` output (diff.json), schemaVersion 1: what changed between two bundles of one cluster. Its
 * own contract, versioned apart from report.json; fields may be added, never renamed or removed without a new
 * version.
 */
export const DIFF_SCHEMA_VERSION = 1;

const SideSchema = z.object({
  bundle: z.object({ name: z.string(), collectedAt: z.string().nullable(), ciliumCliVersion: z.string().nullable(), files: z.number().int() }),
  cluster: z.object({ kubernetesVersion: z.string().nullable(), ciliumVersions: z.array(z.string()), nodes: z.number().int(), agents: z.number().int() }),
  /** Error and warning findings in this bundle. */
  problems: z.number().int(),
});

export const ChangedFindingSchema = z.object({
  id: z.string(),
  slug: z.string(),
  severity: z.object({ old: SeveritySchema, new: SeveritySchema }),
  nodesAdded: z.array(z.string()),
  nodesRemoved: z.array(z.string()),
  old: FindingSchema,
  new: FindingSchema,
});
export type ChangedFinding = z.infer<typeof ChangedFindingSchema>;

const CellStateSchema = z.enum(['ok', 'failed']);

export const DiffJsonSchema = z.object({
  schemaVersion: z.literal(DIFF_SCHEMA_VERSION),
  kind: z.literal('cilium-report-diff'),
  generator: z.object({ name: z.literal('cilium-report'), version: z.string() }),
  old: SideSchema,
  new: SideSchema,
  /** Added in schemaVersion 1: plain statements about the comparison itself, e.g. bundles that share no node. */
  notes: z.array(z.string()).optional(),
  findings: z.object({
    /** In the new bundle only (matched by check and nodes, not by text). */
    appeared: z.array(FindingSchema),
    /** In the old bundle only, and the check ran on the new one: fixed. */
    resolved: z.array(FindingSchema),
    /** Same check on overlapping nodes, with nodes or severity changed. */
    changed: z.array(ChangedFindingSchema),
    /** In the old bundle, but the check could not run on the new one: unknown, never counted as fixed. */
    unverified: z.array(FindingSchema),
    unchanged: z.number().int(),
  }),
  /** Checks that ran on the old bundle and lacked input in the new one (and the reverse). */
  visibility: z.object({
    lost: z.array(z.object({ slug: z.string(), reason: z.string() })),
    gained: z.array(z.object({ slug: z.string() })),
  }),
  /** `shared`, added in schemaVersion 1: nodes present in both bundles. */
  nodes: z.object({ added: z.array(z.string()), removed: z.array(z.string()), shared: z.number().int().optional() }),
  agents: z.array(z.object({ node: z.string(), field: z.enum(['pod', 'version', 'state', 'kubeProxyReplacement']), old: z.string().nullable(), new: z.string().nullable() })),
  cidrs: z.array(z.object({ node: z.string(), source: z.enum(['kubernetes', 'ciliumNode', 'agent']), old: z.array(z.string()), new: z.array(z.string()) })),
  health: z.object({
    /** Cells (observer → destination, target, protocol) probed in both bundles whose result changed. */
    newlyFailing: z.number().int(),
    recovered: z.number().int(),
    /** Cells probed in the old bundle and not in the new one. */
    noLongerProbed: z.number().int(),
    cells: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        target: z.enum(['node', 'endpoint']),
        protocol: z.enum(['icmp', 'http']),
        old: CellStateSchema,
        new: CellStateSchema,
      }),
    ),
  }),
});
export type DiffJson = z.infer<typeof DiffJsonSchema>;
