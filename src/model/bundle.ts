import { z } from 'zod';
import { AgentStatusSchema } from './agent-status.js';
import { DiagnosticSchema, SourcedSchema } from './common.js';
import { EndpointListSchema } from './endpoint.js';
import { HealthMatrixSchema, HealthSourceSchema } from './health.js';
import { HostSchema } from './host.js';
import {
  CiliumConfigSchema,
  CiliumEndpointSchema,
  CiliumIdentitySchema,
  CiliumNodeSchema,
  EndpointSliceSchema,
  NodeUsageSchema,
  PodRowSchema,
  K8sNodeSchema,
  K8sEventSchema,
  K8sServiceSchema,
  K8sVersionSchema,
  PodSchema,
} from './k8s.js';
import { CiliumVersionSchema, DropSchema, IpListSummarySchema, LogSummarySchema, LrpEntrySchema, SysdumpLogSchema } from './misc.js';
import { NodeListSchema } from './node-list.js';
import { ServiceListSchema } from './service.js';

export const BundleFormatSchema = z.enum(['zip', 'tar.gz', 'tar', 'dir']);
export type BundleFormat = z.infer<typeof BundleFormatSchema>;

export const BundleInfoSchema = z.object({
  /** File or folder name of the bundle as given. */
  name: z.string(),
  format: BundleFormatSchema,
  /** Virtual path of the sysdump root folder ('' when the files sit at the top). */
  root: z.string().nullable(),
  /** The sysdump `<ts>` (`20240513-141502`), as found in file names. */
  timestamp: z.string().nullable(),
  /** `<ts>` as ISO 8601 without a zone: cilium-cli writes the local time of the machine it ran on. */
  collectedAt: z.string().nullable(),
  ciliumCliVersion: z.string().nullable(),
  /** Number of files in the bundle, members of nested archives included. */
  files: z.number().int().nonnegative(),
  /** Unpacked bytes read. */
  bytes: z.number().nonnegative(),
});
export type BundleInfo = z.infer<typeof BundleInfoSchema>;

/** What happened to one file of the bundle. */
export const LedgerStatusSchema = z.enum([
  'parsed',
  /** 0 bytes: the command printed nothing, or the collector created the file and then failed. */
  'empty',
  /** Only a command error (`> Error while running …`, an API timeout). */
  'command-error',
  /** Parsed in part: some lines or items could not be read (see diagnostics). */
  'partial',
  /** A parser claimed it and could read nothing from it. */
  'unreadable',
  /** Another file gave the same data in a better form (JSON over text). */
  'superseded',
  /** No parser reads this file; it is listed so nothing is lost silently. */
  'unclaimed',
  /** Skipped by a limit (size, count) or unsafe (path escape, link). */
  'skipped',
]);
export type LedgerStatus = z.infer<typeof LedgerStatusSchema>;

export const LedgerEntrySchema = z.object({
  path: z.string(),
  size: z.number().nonnegative(),
  parser: z.string().nullable(),
  status: LedgerStatusSchema,
  /** The pod whose bugtool folder, log or flows file this is. */
  pod: z.string().nullable(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** Something the collector failed to gather. The `bundle-gaps` check reports these. */
export const GapSchema = z.object({
  kind: z.enum([
    /** Listed in `cilium-sysdump.log` after "The following tasks failed". */
    'failed-task',
    /** An output file with no content. */
    'empty-output',
    /** An output whose content is only a command error. */
    'command-error',
    /** An agent pod with no bugtool output at all. */
    'agent-without-output',
    /** A bugtool archive left unextracted because it could not be read. */
    'unreadable-archive',
    /** An output the agent's version does not produce (cilium-health on 1.15.0–1.15.9, 1.16.0–1.16.2). */
    'missing-output',
  ]),
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  excerpt: z.string(),
  pod: z.string().nullable(),
  message: z.string(),
});
export type Gap = z.infer<typeof GapSchema>;

/** Everything one agent's own outputs say. A field is null when the bundle has no such output. */
export const AgentSchema = z.object({
  pod: z.string(),
  namespace: z.string().nullable(),
  /** Kubernetes node name of the agent; null when no source names it. */
  node: z.string().nullable(),
  /** How the node was found: the pods list, or the agent's own outputs when that is missing. */
  nodeFrom: z.enum(['pods', 'status', 'health', 'node-list', 'hostname']).nullable(),
  /** Virtual path of the agent's bugtool folder (or nested archive); null when the bundle has none. */
  folder: z.string().nullable(),
  /** Best known Cilium version (`1.16.5`): debuginfo, then status, then the pod image. */
  version: z.string().nullable(),
  versionSrc: SourcedSchema.nullable(),
  status: AgentStatusSchema.nullable(),
  nodeList: NodeListSchema.nullable(),
  endpoints: EndpointListSchema.nullable(),
  services: ServiceListSchema.nullable(),
  ipList: IpListSummarySchema.extend({ file: z.string() }).nullable(),
  lrps: z.object({ file: z.string(), items: z.array(LrpEntrySchema) }).nullable(),
  ciliumVersion: CiliumVersionSchema.nullable(),
  /** Drops from monitor output, Hubble flows or drop counters; null when no such source exists. */
  drops: z.array(DropSchema).nullable(),
  logs: z.array(LogSummarySchema),
  /** `cmd/hostname.md`. */
  hostname: z.string().nullable(),
  /** Where this agent's row of the health matrix came from; null when it has none. */
  health: z.object({ source: HealthSourceSchema, file: z.string() }).nullable(),
  /** The node itself and its datapath: kernel, sysctls, routing rules, devices, iptables, BPF maps, encryption, CNI config. */
  host: HostSchema,
});
export type Agent = z.infer<typeof AgentSchema>;

export const K8sSchema = z.object({
  version: K8sVersionSchema.nullable(),
  nodes: z.array(K8sNodeSchema).nullable(),
  pods: z.array(PodSchema).nullable(),
  ciliumNodes: z.array(CiliumNodeSchema).nullable(),
  ciliumEndpoints: z.array(CiliumEndpointSchema).nullable(),
  ciliumIdentities: z.array(CiliumIdentitySchema).nullable(),
  services: z.array(K8sServiceSchema).nullable(),
  endpointSlices: z.array(EndpointSliceSchema).nullable(),
  ciliumConfig: CiliumConfigSchema.nullable(),
  /** `k8s-events-<ts>.yaml` (warnings and events about Nodes and Cilium pods), for the timeline. */
  events: z.array(K8sEventSchema).nullable(),
  /** Every pod, light rows from `k8s-pods-<ts>.txt` (the YAML list keeps only Cilium's pods). */
  podRows: z.array(PodRowSchema).nullable(),
  /** `kubectl top nodes` as cilium-cli writes it (`k8s-node-memory-cpu-usage-<ts>.txt`, v0.18.8+). */
  nodeUsage: z.array(NodeUsageSchema).nullable(),
});
export type K8s = z.infer<typeof K8sSchema>;

/** The normalise stage's output and the correlate stage's only input. */
export const BundleSchema = z.object({
  info: BundleInfoSchema,
  sysdumpLog: SysdumpLogSchema.nullable(),
  k8s: K8sSchema,
  agents: z.array(AgentSchema),
  /**
   * Container logs of Cilium pods that are not agents (operator, hubble-relay, clustermesh-apiserver, envoy, …),
   * and of pods the bundle names only in a log file's name. Agents' logs, init containers included, are in
   * `agents[].logs`.
   */
  podLogs: z.array(LogSummarySchema),
  health: HealthMatrixSchema.nullable(),
  gaps: z.array(GapSchema),
  ledger: z.array(LedgerEntrySchema),
  diagnostics: z.array(DiagnosticSchema),
});
export type Bundle = z.infer<typeof BundleSchema>;
