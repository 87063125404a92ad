import { z } from 'zod';
import { SourcedSchema, SrcSchema } from './common.js';
import { HealthReportSchema } from './health.js';

/** A component state as `cilium status` prints it in its first column (`Ok`, `Warning`, `Failure`, `Disabled`, …). */
export const ComponentStateSchema = z.enum(['ok', 'warning', 'failure', 'disabled', 'unknown']);
export type ComponentState = z.infer<typeof ComponentStateSchema>;

/** One `Key: value` line of `cilium status`, kept as printed so unknown keys are never dropped. */
export const StatusLineSchema = SourcedSchema.extend({
  key: z.string(),
  value: z.string(),
  /** The state word when the line starts with one (`Ok`, `Warning`, `Failure`, `Disabled`). */
  state: ComponentStateSchema.nullable(),
});
export type StatusLine = z.infer<typeof StatusLineSchema>;

export const AddressPoolSchema = z.object({
  used: z.number().int().nonnegative(),
  /** Null when the line gives no total (ENI multi-pool: `IPv4: 1 IPAM pool(s) available,`). */
  total: z.number().int().nonnegative().nullable(),
  /** The pool's CIDR when printed (`allocated from 10.0.2.0/24`); ENI and multi-pool IPAM print none. */
  cidr: z.string().nullable(),
});
export type AddressPool = z.infer<typeof AddressPoolSchema>;

export const IpAllocationSchema = SourcedSchema.extend({
  ip: z.string(),
  /** `router`, `health`, `ingress`, or `namespace/pod` as printed. */
  owner: z.string(),
  restored: z.boolean(),
});
export type IpAllocation = z.infer<typeof IpAllocationSchema>;

export const ControllerSchema = SourcedSchema.extend({
  name: z.string(),
  /** As printed (`3s ago`, `never`) or an ISO timestamp from JSON. */
  lastSuccess: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Consecutive failure count (the verbose table's `Count`). */
  failureCount: z.number().int().nonnegative(),
  message: z.string().nullable(),
  failing: z.boolean(),
});
export type Controller = z.infer<typeof ControllerSchema>;

/** One node row of the `Cluster health` section of `cilium status --verbose`. */
export const ClusterHealthNodeSchema = SourcedSchema.extend({
  /** Node name with any `<cluster>/` prefix removed. */
  name: z.string(),
  cluster: z.string().nullable(),
  localhost: z.boolean(),
  ip: z.string().nullable(),
  /** Host (node) reachability; null when the row does not say. */
  nodeReachable: z.boolean().nullable(),
  endpointReachable: z.boolean().nullable(),
});
export type ClusterHealthNode = z.infer<typeof ClusterHealthNodeSchema>;

export const KprDeviceSchema = z.object({
  name: z.string(),
  ips: z.array(z.string()),
  directRouting: z.boolean(),
});

/** One remote cluster of the ClusterMesh block (`cilium status --all-clusters`, StatusResponse `cluster-mesh.clusters`). */
export const RemoteClusterSchema = SourcedSchema.extend({
  name: z.string(),
  ready: z.boolean(),
  nodes: z.number().int().nonnegative().nullable(),
  endpoints: z.number().int().nonnegative().nullable(),
  identities: z.number().int().nonnegative().nullable(),
  services: z.number().int().nonnegative().nullable(),
  /** Reconnections (1.14+) or failures (earlier) since the agent started. */
  failures: z.number().int().nonnegative().nullable(),
  /** When the last failure was, as printed (`18m31s ago`, `never`) or an ISO time from JSON. */
  lastFailure: z.string().nullable(),
  /** The connection status the agent printed for it, or its last error (`quorum check failed 39 times in a row: …`). */
  status: z.string().nullable(),
  /** `expected=true, retrieved=true, cluster-id=3, …` as printed. */
  config: z.string().nullable(),
  /** `nodes=true, endpoints=true, identities=true, services=true` as printed. */
  synced: z.string().nullable(),
});
export type RemoteCluster = z.infer<typeof RemoteClusterSchema>;

/** What the agent's `cilium status` (text, verbose text or debuginfo JSON) says about itself. */
export const AgentStatusSchema = z.object({
  src: SrcSchema,
  format: z.enum(['text', 'json']),
  /** Every `Key: value` line, in order, including keys this tool does not know. */
  lines: z.array(StatusLineSchema),
  kvstore: StatusLineSchema.nullable(),
  kubernetes: z
    .object({ state: ComponentStateSchema, version: z.string().nullable(), line: StatusLineSchema })
    .nullable(),
  kubernetesApis: z.array(z.string()).nullable(),
  /** `Strict`, `Probe`, `Partial`, `Disabled` (≤1.13) or `True`/`False` (1.14+), as printed. */
  kubeProxyReplacement: z
    .object({ mode: z.string(), devices: z.array(KprDeviceSchema), line: StatusLineSchema })
    .nullable(),
  hostFirewall: StatusLineSchema.nullable(),
  /** `BPF` or `Legacy`: from `Host Routing:` (≤1.15) or the `Host:` part of `Routing:` (1.16+). */
  hostRouting: z.object({ mode: z.string(), line: StatusLineSchema }).nullable(),
  /** From `Routing: Network: Tunnel [vxlan] Host: Legacy` (1.16+) or the debuginfo JSON. */
  routing: z
    .object({ network: z.string(), tunnelProtocol: z.string().nullable(), line: StatusLineSchema })
    .nullable(),
  masquerading: z.object({ mode: z.string(), line: StatusLineSchema }).nullable(),
  cilium: z
    .object({ state: ComponentStateSchema, version: z.string().nullable(), build: z.string().nullable(), line: StatusLineSchema })
    .nullable(),
  nodeMonitor: StatusLineSchema.nullable(),
  healthDaemon: StatusLineSchema.nullable(),
  ipam: z
    .object({
      ipv4: AddressPoolSchema.nullable(),
      ipv6: AddressPoolSchema.nullable(),
      line: StatusLineSchema,
      /** The verbose `Allocated addresses:` list; null when not printed. */
      allocations: z.array(IpAllocationSchema).nullable(),
    })
    .nullable(),
  bandwidthManager: StatusLineSchema.nullable(),
  encryption: z.object({ mode: z.string(), line: StatusLineSchema }).nullable(),
  controllers: z
    .object({
      healthy: z.number().int().nonnegative(),
      total: z.number().int().nonnegative(),
      line: StatusLineSchema,
      /** Failing controllers; the full list only in verbose output or JSON (null otherwise). */
      failing: z.array(ControllerSchema).nullable(),
    })
    .nullable(),
  proxy: StatusLineSchema.nullable(),
  hubble: z
    .object({
      state: ComponentStateSchema,
      flowsCurrent: z.number().nullable(),
      flowsMax: z.number().nullable(),
      flowsPerSecond: z.number().nullable(),
      line: StatusLineSchema,
    })
    .nullable(),
  clusterHealth: z
    .object({
      reachable: z.number().int().nonnegative().nullable(),
      total: z.number().int().nonnegative().nullable(),
      /** The probe time printed in parentheses, as printed. */
      time: z.string().nullable(),
      line: StatusLineSchema,
      /** Per-node table rows (`Name IP Node Endpoints`); null when not printed. */
      nodes: z.array(ClusterHealthNodeSchema).nullable(),
      /** The per-probe list that 1.17+ verbose status prints under `Cluster health`; null when absent. */
      detailed: HealthReportSchema.nullable(),
    })
    .nullable(),
  /** The ClusterMesh block: remote clusters ready of those configured, and the remote clusters printed. */
  clusterMesh: z
    .object({
      ready: z.number().int().nonnegative().nullable(),
      total: z.number().int().nonnegative().nullable(),
      globalServices: z.number().int().nonnegative().nullable(),
      line: StatusLineSchema,
      /** The remote clusters listed under the line: the not-ready ones, or all of them with `--all-clusters`. */
      remotes: z.array(RemoteClusterSchema),
    })
    .nullable(),
  /** Lines that could not be read as `Key: value` and were kept as they are. */
  unparsed: z.array(SourcedSchema),
});
export type AgentStatus = z.infer<typeof AgentStatusSchema>;
