import { z } from 'zod';
import { DiagnosticSchema, EvidenceSchema, SeveritySchema } from './common.js';

/**
 * The report.json contract (../shared/CONTRACT.md), schemaVersion 1. Fields may be added; a field named in the
 * contract is never renamed or removed without raising the version. This schema is the source of truth and is
 * exported as `report.schema.json`.
 */
export const REPORT_SCHEMA_VERSION = 1;

export const AgentStateSchema = z.enum(['ok', 'warning', 'failure', 'unknown']);
export type AgentState = z.infer<typeof AgentStateSchema>;

const AddressPoolJsonSchema = z.object({
  used: z.number(),
  /** Null when the agent prints no total (ENI multi-pool). */
  total: z.number().nullable(),
  cidr: z.string().nullable(),
});

/**
 * Added in schemaVersion 1: what the agent's own `cilium status` says, each value as printed (null when the
 * status does not print it).
 */
export const AgentStatusFactsSchema = z.object({
  /** The KVStore line after its key: `Ok   Disabled`, `Ok   etcd: 1/1 connected, …`. */
  kvstore: z.string().nullable(),
  /** `Disabled`, `Wireguard`, `IPsec`. */
  encryption: z.string().nullable(),
  /** `Tunnel` or `Native` (the `Routing: Network:` part, 1.16+ text or JSON). */
  routing: z.string().nullable(),
  /** `vxlan`, `geneve` when tunnelling. */
  tunnelProtocol: z.string().nullable(),
  /** `BPF` or `Legacy`. */
  hostRouting: z.string().nullable(),
  /** `BPF`, `IPTables`, `Disabled`. */
  masquerading: z.string().nullable(),
  /** IPAM mode of the agent's configuration (`ipam` in cilium-config; agents do not print it). */
  ipamMode: z.string().nullable(),
  /** The IPAM line per family: used, total and CIDR. */
  ipamPools: z.object({ ipv4: AddressPoolJsonSchema.nullable(), ipv6: AddressPoolJsonSchema.nullable() }).nullable(),
  /** The kube-proxy replacement devices: name, addresses, and whether it is the direct-routing device. */
  kubeProxyReplacementDevices: z.array(z.object({ name: z.string(), ips: z.array(z.string()), directRouting: z.boolean() })).nullable(),
  /** The ClusterMesh block: remote clusters ready of those configured, and the remotes the agent listed. */
  clusterMesh: z
    .object({
      ready: z.number().nullable(),
      total: z.number().nullable(),
      globalServices: z.number().nullable(),
      remotes: z.array(
        z.object({
          name: z.string(),
          ready: z.boolean(),
          /** Failures (reconnections since 1.14) and when the last one was, as printed. */
          failures: z.number().nullable(),
          lastFailure: z.string().nullable(),
          /** The connection status line, or the remote's last error. */
          status: z.string().nullable(),
        }),
      ),
    })
    .nullable(),
});
export type AgentStatusFacts = z.infer<typeof AgentStatusFactsSchema>;

/** Added in schemaVersion 1: one row of an agent's `cilium node list`, listed once for every agent that prints it. */
export const NodeListRowJsonSchema = z.object({
  /** Node name, `<cluster>/` prefix removed. */
  name: z.string(),
  cluster: z.string().nullable(),
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
  /** Endpoint (pod) CIDRs, IPv4 and IPv6. */
  cidrs: z.array(z.string()),
  healthIp: z.string().nullable(),
  source: z.string().nullable(),
});
export type NodeListRowJson = z.infer<typeof NodeListRowJsonSchema>;

export const ReportNodeSchema = z.object({
  name: z.string(),
  internalIP: z.string().nullable(),
  ready: z.boolean().nullable(),
  podCIDRs: z.object({
    kubernetes: z.array(z.string()),
    ciliumNode: z.array(z.string()),
    agent: z.array(z.string()),
  }),
  agent: z
    .object({
      pod: z.string(),
      version: z.string().nullable(),
      state: AgentStateSchema,
      /** As printed: `Strict`, `True`, `Partial`, `Disabled`, `False`. */
      kubeProxyReplacement: z.string().nullable(),
      /** IPv4 pool use. */
      ipam: z.object({ used: z.number(), total: z.number() }).nullable(),
      controllers: z.object({ healthy: z.number(), total: z.number() }).nullable(),
      clusterHealth: z.object({ reachable: z.number(), total: z.number() }).nullable(),
      endpoints: z.number().nullable(),
      /** Node names in this agent's own node list. */
      knownNodes: z.array(z.string()).nullable(),
      /** Added in schemaVersion 1: what the agent's `cilium status` says; null without a status. */
      status: AgentStatusFactsSchema.nullable().optional(),
      /**
       * Added in schemaVersion 1: the agent's node list, as indexes into the report's `nodeListRows` (agents that
       * agree print the same rows, listed once); null without a node list.
       */
      nodeList: z.array(z.number().int().nonnegative()).nullable().optional(),
      /** Added in schemaVersion 1: endpoints not in state `ready`. */
      endpointsNotReady: z.number().nullable().optional(),
      /** Added in schemaVersion 1: service frontends of the agent's service list, and those with no backend. */
      services: z.object({ frontends: z.number(), withoutBackends: z.number() }).nullable().optional(),
      /** Added in schemaVersion 1: datapath drops counted from monitor, Hubble flows and drop counters; top reasons first. */
      drops: z.object({ total: z.number(), reasons: z.array(z.object({ reason: z.string(), count: z.number() })) }).nullable().optional(),
      /** Added in schemaVersion 1: the agent's Local Redirect Policies; a mapping with no local backend has `backend: null`. */
      lrps: z
        .array(
          z.object({
            namespace: z.string(),
            name: z.string(),
            frontendType: z.string(),
            matchingService: z.string().nullable(),
            mappings: z.array(z.object({ frontend: z.string(), backend: z.string().nullable(), pod: z.string().nullable() })),
          }),
        )
        .nullable()
        .optional(),
      /** Added in schemaVersion 1: entries of the agent's `cilium ip list` (its ipcache view). */
      ipListEntries: z.number().nullable().optional(),
    })
    .nullable(),
  /** Added in schemaVersion 1: the node itself, from its agent's bugtool outputs; null without them. */
  host: z
    .object({
      /** Kernel release (`uname -r`). */
      kernel: z.string().nullable(),
      /** The native devices (the kube-proxy replacement list, else the device with the node's IP). */
      devices: z.array(z.object({ name: z.string(), mtu: z.number().nullable(), state: z.string().nullable() })),
      /** MTU of the first native device. */
      mtu: z.number().nullable(),
    })
    .nullable()
    .optional(),
});
export type ReportNode = z.infer<typeof ReportNodeSchema>;

export const ProbeJsonSchema = z.object({
  from: z.string(),
  to: z.string(),
  target: z.enum(['node', 'endpoint']),
  protocol: z.enum(['icmp', 'http']),
  ok: z.boolean(),
  latencyMs: z.number().nullable(),
});
export type ProbeJson = z.infer<typeof ProbeJsonSchema>;

/** A known log message a finding rests on (an entry of the knowledge base, `src/knowledge/log-messages.ts`). */
export const KnowledgeSchema = z.object({
  /** Stable id of the entry. */
  id: z.string(),
  title: z.string(),
  meaning: z.string(),
  causes: z.array(z.string()),
  /** What to change. */
  fix: z.string(),
  /** Issue, docs or source references. */
  sources: z.array(z.string()),
  affects: z.string().optional(),
  fixedIn: z.string().optional(),
});

export const FindingSchema = z.object({
  /** Stable code, e.g. `CR-3001`. */
  id: z.string().regex(/^CR-\d{4}$/),
  /** Stable kebab name from the catalog; also the anchor of the check's docs in the report. */
  slug: z.string(),
  severity: SeveritySchema,
  title: z.string(),
  message: z.string(),
  /** Node names the finding touches. */
  nodes: z.array(z.string()),
  evidence: z.array(EvidenceSchema).min(1),
  /**
   * Added in schemaVersion 1 (causes): the finding's key within this report (`CR-1004:node-3:cilium-agent`),
   * which `explains` and `explainedBy` refer to. Stable for one report only; `id` and `slug` stay the stable keys.
   */
  key: z.string().optional(),
  /** Added in schemaVersion 1: place in the order of impact, 1 = look first (docs/ranking.md). */
  rank: z.number().int().positive().optional(),
  /** Added in schemaVersion 1: keys of the findings this one is the cause of. */
  explains: z.array(z.string()).optional(),
  /** Added in schemaVersion 1: key of the finding that causes this one; the finding is a consequence of it. */
  explainedBy: z.string().optional(),
  /** Added in schemaVersion 1: known log messages the finding rests on, with what they mean and what to change. */
  knowledge: z.array(KnowledgeSchema).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const NotEvaluatedSchema = z.object({ slug: z.string(), reason: z.string() });
export type NotEvaluated = z.infer<typeof NotEvaluatedSchema>;

export const CheckResultSchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  /** `failed`: it found something; `passed`: it ran and found nothing; `not-evaluated`: it lacked input. */
  status: z.enum(['passed', 'failed', 'not-evaluated']),
  findings: z.number().int().nonnegative(),
  /** Inputs used in place of the preferred ones (e.g. the verbose status health list for cilium-health). */
  fallback: z.string().nullable(),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const HealthSourceJsonSchema = z.object({
  node: z.string(),
  pod: z.string(),
  file: z.string(),
  source: z.enum(['health-json', 'health-text', 'status-detailed', 'status-table']),
});

/** One moment of the incident: an event, a container start or end, a log line's first or last time, the collection. */
export const TimelineEntrySchema = z.object({
  /** ISO 8601 in UTC; the collection time is on the same clock (see `timeline.clock`). */
  time: z.string(),
  node: z.string().nullable(),
  kind: z.enum(['event', 'container', 'log', 'status', 'collected']),
  /** What happened, in words. */
  text: z.string(),
  file: z.string().nullable(),
  line: z.number().int().positive().nullable(),
  /** Keys of the cause findings this moment is evidence of. */
  causes: z.array(z.string()),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** The merged, time-ordered view of the bundle (bounded: `omitted` says how many entries were left out). */
export const TimelineSchema = z.object({
  clock: z.object({
    /** The sysdump `<ts>`: the collector's local time, no zone. */
    local: z.string().nullable(),
    /** The collection time in UTC, when the collector's offset could be estimated from the bundle. */
    utc: z.string().nullable(),
    offsetMinutes: z.number().int().nullable(),
    /** Where the offset comes from, or why it is unknown. */
    basis: z.string(),
  }),
  entries: z.array(TimelineEntrySchema),
  omitted: z.number().int().nonnegative(),
});
export type Timeline = z.infer<typeof TimelineSchema>;

export const ReportJsonSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  /** `problems` when any finding is an error or a warning. */
  status: z.enum(['ok', 'problems']),
  /** Count of error and warning findings. */
  problems: z.number().int().nonnegative(),
  generator: z.object({ name: z.literal('cilium-report'), version: z.string() }),
  bundle: z.object({
    name: z.string(),
    format: z.enum(['zip', 'tar.gz', 'tar', 'dir']),
    /** ISO 8601, from the sysdump timestamp (local time of the machine that ran cilium-cli; no zone). */
    collectedAt: z.string().nullable(),
    ciliumCliVersion: z.string().nullable(),
    files: z.number().int().nonnegative(),
  }),
  cluster: z.object({
    kubernetesVersion: z.string().nullable(),
    /** Distinct agent versions, e.g. `1.10.6`. */
    ciliumVersions: z.array(z.string()),
    nodes: z.number().int().nonnegative(),
    agents: z.number().int().nonnegative(),
    /** Added in schemaVersion 1: `cluster-name` of cilium-config. */
    name: z.string().nullable().optional(),
    /** Added in schemaVersion 1: `ipam` of cilium-config (`cluster-pool`, `kubernetes`, `eni`, `multi-pool`, …). */
    ipamMode: z.string().nullable().optional(),
    /** Added in schemaVersion 1: distinct routing modes the agents print (`Tunnel [vxlan]`, `Native`), else cilium-config's. */
    routingModes: z.array(z.string()).optional(),
    /** Added in schemaVersion 1: distinct kube-proxy replacement modes the agents print. */
    kubeProxyReplacement: z.array(z.string()).optional(),
  }),
  nodes: z.array(ReportNodeSchema),
  /** Added in schemaVersion 1: the distinct node-list rows that `nodes[].agent.nodeList` index into. */
  nodeListRows: z.array(NodeListRowJsonSchema).optional(),
  health: z.object({
    probes: z.array(ProbeJsonSchema),
    /**
     * Added in schemaVersion 1: probes of the nodes' secondary addresses (`Secondary connectivity to …`, JSON
     * `secondary-addresses`), kept apart from `probes`, which the health checks judge; one per observer, node,
     * target and protocol, the worst result among that target's secondary addresses. Absent when no agent printed any.
     */
    secondaryProbes: z.array(ProbeJsonSchema).optional(),
    /** Added in schemaVersion 1: which output each observer's probes were read from. */
    sources: z.array(HealthSourceJsonSchema).optional(),
  }),
  findings: z.array(FindingSchema),
  notEvaluated: z.array(NotEvaluatedSchema),
  diagnostics: z.array(DiagnosticSchema),
  /** Added in schemaVersion 1: every check that ran, with its outcome (JUnit is built from this). */
  checks: z.array(CheckResultSchema).optional(),
  /** Added in schemaVersion 1 (causes): the incident as one time-ordered list, cause findings marked on it. */
  timeline: TimelineSchema.optional(),
});
export type ReportJson = z.infer<typeof ReportJsonSchema>;

/**
 * What the render stage receives: the report.json content (with the health probes kept as the compact matrix
 * they are expanded from), the check catalog with its built-in docs, and the extra detail the HTML and Markdown
 * sections show. Renderers see nothing else.
 */
export interface Report extends Omit<ReportJson, 'health'> {
  health: {
    sources: z.infer<typeof HealthSourceJsonSchema>[];
    /** The reachability matrix; `probes` in report.json are expanded from it. */
    matrix: import('./health.js').HealthMatrix | null;
  };
  checks: CheckResult[];
  catalog: CatalogEntry[];
  details: ReportDetails;
  /** Evidence windows and the mention index, added by the context step after correlate (HTML only). */
  context?: import('./context.js').ReportContext;
}

export interface CatalogEntry {
  id: string;
  slug: string;
  title: string;
  defaultSeverity: z.infer<typeof SeveritySchema>;
  docs: { summary: string; explanation: string; consequences: string; commonCauses: string[]; verify: string[] };
  thresholds: { name: string; value: number; description: string }[];
}

export interface ReportDetails {
  clusterName: string | null;
  /** `ipam` of the cilium-config ConfigMap (`cluster-pool`, `kubernetes`, `eni`, `multi-pool`, …). */
  ipamMode: string | null;
  /** Distinct kube-proxy replacement modes the agents print. */
  kubeProxyReplacement: string[];
  routingModes: string[];
  endpoints: { node: string; pod: string; total: number; notReady: number }[];
  services: { node: string; pod: string; frontends: number; withoutBackends: number }[];
  drops: { node: string; reason: string; count: number }[];
  logSignatures: {
    node: string | null;
    pod: string;
    file: string;
    line: number | null;
    level: string;
    signature: string;
    count: number;
    firstTime: string | null;
    lastTime: string | null;
    excerpt: string;
  }[];
  ledger: {
    counts: Record<string, number>;
    /** Files a parser claimed that did not parse cleanly, and files skipped by a limit. */
    problems: { path: string; status: string; parser: string | null; size: number }[];
    /** Unclaimed files, grouped by kind, so nothing is lost silently without listing thousands of files. */
    unclaimed: { pattern: string; count: number }[];
  };
  gaps: { kind: string; file: string | null; line: number | null; pod: string | null; message: string; excerpt: string }[];
}
