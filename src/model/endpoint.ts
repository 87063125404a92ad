import { z } from 'zod';
import { SourcedSchema } from './common.js';

/** One endpoint of an agent's `cilium endpoint list` (text, 1.13+) or of debuginfo `endpoint-list` (JSON, all versions). */
export const AgentEndpointSchema = SourcedSchema.extend({
  id: z.number().int().nonnegative(),
  /** Numeric identity; null while `<no label id>` / waiting for identity. */
  identity: z.number().int().nonnegative().nullable(),
  labels: z.array(z.string()),
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
  /** `ready`, `waiting-for-identity`, `regenerating`, `not-ready`, `disconnecting`, … as printed. */
  state: z.string().nullable(),
  /** `namespace/pod` when known (JSON `external-identifiers.pod-name`, or from the labels). */
  pod: z.string().nullable(),
  policyIngress: z.string().nullable(),
  policyEgress: z.string().nullable(),
});
export type AgentEndpoint = z.infer<typeof AgentEndpointSchema>;

export const EndpointListSchema = z.object({
  file: z.string(),
  format: z.enum(['text', 'json']),
  items: z.array(AgentEndpointSchema),
});
export type EndpointList = z.infer<typeof EndpointListSchema>;
