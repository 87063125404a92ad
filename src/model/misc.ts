import { z } from 'zod';
import { SourcedSchema, SrcSchema } from './common.js';

/** One row of `cilium ip list` (text or `-n -o json`). */
/**
 * `cilium ip list` (the agent's ipcache) as counts. The rows are not kept: at 500 nodes they were 84% of the heap
 * after the scan (bench/profile.md) and no check reads them one by one; `cilium-report grep` finds a row.
 */
export const IpListSummarySchema = z.object({
  /** Rows of the list: one per CIDR or address the agent maps to an identity. */
  entries: z.number().int().nonnegative(),
  /** Distinct numeric identities among the rows (0 when the list printed labels instead of numbers). */
  identities: z.number().int().nonnegative(),
  /** Rows per `metadata.source` (`k8s`, `kvstore`, `custom-resource`, `generated`, …); rows without one are not counted here; past 50 sources the rest count as `(other)`. */
  bySource: z.record(z.string(), z.number().int().nonnegative()),
});
export type IpListSummary = z.infer<typeof IpListSummarySchema>;

/** One Local Redirect Policy of `cilium lrp list`. */
export const LrpEntrySchema = SourcedSchema.extend({
  namespace: z.string(),
  name: z.string(),
  frontendType: z.string(),
  matchingService: z.string().nullable(),
  mappings: z.array(
    z.object({
      frontend: z.string(),
      /** The local backend `ip:port`; null when this node has none (`10.96.0.10:9153/TCP ->`). */
      backend: z.string().nullable(),
      pod: z.string().nullable(),
    }),
  ),
});
export type LrpEntry = z.infer<typeof LrpEntrySchema>;

/** `cilium version` (Client/Daemon), or the bare daemon version line of debuginfo. */
export const CiliumVersionSchema = SourcedSchema.extend({
  client: z.string().nullable(),
  daemon: z.string().nullable(),
});
export type CiliumVersion = z.infer<typeof CiliumVersionSchema>;

/** A datapath drop: a `cilium monitor --type drop` line, a Hubble flow with verdict DROPPED, or a drop counter. */
export const DropSchema = SourcedSchema.extend({
  reason: z.string(),
  /** Number of drops this record stands for (1 for a monitor line, the counter value for metrics). */
  count: z.number().nonnegative(),
  direction: z.string().nullable(),
  srcEndpoint: z.string().nullable(),
  dstEndpoint: z.string().nullable(),
  srcIdentity: z.string().nullable(),
  dstIdentity: z.string().nullable(),
  srcAddress: z.string().nullable(),
  dstAddress: z.string().nullable(),
  protocol: z.string().nullable(),
  time: z.string().nullable(),
  kind: z.enum(['monitor', 'flow', 'metric']),
});
export type Drop = z.infer<typeof DropSchema>;

export const LogLevelSchema = z.enum(['error', 'fatal', 'panic', 'warning']);

/**
 * Log lines of one signature in one log file. A signature is the message with its variable parts
 * (addresses, numbers, names in quotes) replaced, so a thousand copies of one error count once.
 */
export const LogSignatureSchema = z.object({
  signature: z.string(),
  level: LogLevelSchema,
  subsys: z.string().nullable(),
  count: z.number().int().positive(),
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
  /** The first line with this signature. */
  first: SourcedSchema,
  /** The first line's message with its error (`msg: error`), bounded: what the signature stands for, unmasked. */
  message: z.string(),
  /** Id of the knowledge-base entry its first line matches (`src/knowledge/log-messages.ts`), or null. */
  known: z.string().nullable(),
});
export type LogSignature = z.infer<typeof LogSignatureSchema>;

/** One decisive log line (fatal, panic, error, or a warning the knowledge base calls decisive). */
export const LogLineSchema = SourcedSchema.extend({
  level: LogLevelSchema,
  /** The record's message with its error (`msg: error`), or the line's body for a panic; bounded. */
  message: z.string(),
  time: z.string().nullable(),
  known: z.string().nullable(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogSummarySchema = z.object({
  file: z.string(),
  /** The pod the log belongs to (from the file name, matched against the known pods); null when unknown. */
  pod: z.string().nullable(),
  container: z.string(),
  /**
   * The Cilium component the container is (`cilium-agent`, `cilium-operator`, `hubble-relay`,
   * `clustermesh-apiserver`, `cilium-envoy`, or `init` for the agent's init containers); null for others.
   */
  component: z.string().nullable(),
  previous: z.boolean(),
  lines: z.number().int().nonnegative(),
  /** Lines that are neither logfmt nor JSON log records (stack traces, plain text). */
  unparsedLines: z.number().int().nonnegative(),
  /** Warnings seen (only decisive ones become signatures). */
  warnings: z.number().int().nonnegative(),
  /** Kubelet timestamps of the first and last line: when the log starts and when the container last wrote. */
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
  signatures: z.array(LogSignatureSchema),
  /** The last decisive lines of the file, oldest first (at most 8): why a container that exited did so. */
  last: z.array(LogLineSchema),
});
export type LogSummary = z.infer<typeof LogSummarySchema>;

/** `cilium-sysdump.log`: the collector's own log. */
export const SysdumpLogSchema = z.object({
  src: SrcSchema,
  cliVersion: z.string().nullable(),
  args: z.string().nullable(),
  failedTasks: z.array(SourcedSchema.extend({ task: z.string(), error: z.string() })),
});
export type SysdumpLog = z.infer<typeof SysdumpLogSchema>;
