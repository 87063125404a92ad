import { z } from 'zod';
import { LineRefSchema } from './common.js';

export const ServiceBackendSchema = z.object({
  /** `ip:port` with IPv6 in brackets, plus `/TCP` when the agent printed a protocol (1.18+). */
  address: z.string(),
  /** `active`, `terminating`, `quarantined`, `maintenance`; null when not printed (≤1.10 text). */
  state: z.string().nullable(),
  line: z.number().int().positive().nullable(),
});
export type ServiceBackend = z.infer<typeof ServiceBackendSchema>;

/** One frontend of an agent's `cilium service list` (text or JSON) or of debuginfo `service-list`. The file is on the list. */
export const AgentServiceSchema = LineRefSchema.extend({
  id: z.number().int().nonnegative(),
  /** `ip:port[/proto]` as printed. */
  frontend: z.string(),
  /** `ClusterIP`, `NodePort`, `ExternalIPs`, `LoadBalancer`, `HostPort`, `LocalRedirect`, …; empty when the list has no `Service Type` column (agents up to 1.6). */
  type: z.string(),
  backends: z.array(ServiceBackendSchema),
  /** `namespace/name` when the JSON form carries it. */
  name: z.string().nullable(),
});
export type AgentService = z.infer<typeof AgentServiceSchema>;

export const ServiceListSchema = z.object({
  file: z.string(),
  format: z.enum(['text', 'json']),
  services: z.array(AgentServiceSchema),
});
export type ServiceList = z.infer<typeof ServiceListSchema>;
