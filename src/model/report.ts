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
  }),
  nodes: z.array(ReportNodeSchema),
  health: z.object({
    probes: z.array(ProbeJsonSchema),
    /** Added in schemaVersion 1: which output each observer's probes were read from. */
    sources: z.array(HealthSourceJsonSchema).optional(),
  }),
  findings: z.array(FindingSchema),
  notEvaluated: z.array(NotEvaluatedSchema),
  diagnostics: z.array(DiagnosticSchema),
  /** Added in schemaVersion 1: every check that ran, with its outcome (JUnit is built from this). */
  checks: z.array(CheckResultSchema).optional(),
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
