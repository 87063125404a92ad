import { z } from 'zod';
import { LineRefSchema } from './common.js';

/**
 * One row of `cilium node list` (text or `-o json`), or one node of debuginfo `cilium-status.cluster.nodes`.
 * The file is on the list, not the row: with 2,000 agents that agree, the rows are shared between agents.
 */
export const NodeListEntrySchema = LineRefSchema.extend({
  /** Node name with any `<cluster>/` prefix removed. */
  name: z.string(),
  cluster: z.string().nullable(),
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
  /** Endpoint (pod) CIDRs, IPv4 and IPv6, as the agent knows them. */
  cidrs: z.array(z.string()),
  healthIp: z.string().nullable(),
  /** `local`, `custom-resource`, `kvstore`, … (1.15+ text, JSON). */
  source: z.string().nullable(),
  /** Where the endpoint CIDR is printed, when not on the row's own line (JSON: the `alloc-range` line). */
  cidrRef: LineRefSchema.optional(),
});
export type NodeListEntry = z.infer<typeof NodeListEntrySchema>;

export const NodeListSchema = z.object({
  file: z.string(),
  format: z.enum(['text', 'json']),
  /** The name of the agent's own node, when the output marks it (JSON `cilium-status.cluster.self`). */
  self: z.string().nullable(),
  entries: z.array(NodeListEntrySchema),
});
export type NodeList = z.infer<typeof NodeListSchema>;
