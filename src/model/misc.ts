import { z } from 'zod';
import { SourcedSchema, SrcSchema } from './common.js';

/** One row of `cilium ip list` (text or `-n -o json`). */
export const IpListEntrySchema = SourcedSchema.extend({
  cidr: z.string(),
  identity: z.number().int().nonnegative().nullable(),
  /** Identity labels when printed instead of numbers (`reserved:world`, `fqdn:…`). */
  labels: z.array(z.string()),
  hostIP: z.string().nullable(),
  source: z.string().nullable(),
});
export type IpListEntry = z.infer<typeof IpListEntrySchema>;

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

/**
 * Log lines of one signature in one log file. A signature is the message with its variable parts
 * (addresses, numbers, names in quotes) replaced, so a thousand copies of one error count once.
 */
export const LogSignatureSchema = z.object({
  signature: z.string(),
  level: z.enum(['error', 'fatal', 'panic', 'warning']),
  subsys: z.string().nullable(),
  count: z.number().int().positive(),
  firstTime: z.string().nullable(),
  lastTime: z.string().nullable(),
  /** The first line with this signature. */
  first: SourcedSchema,
});
export type LogSignature = z.infer<typeof LogSignatureSchema>;

export const LogSummarySchema = z.object({
  file: z.string(),
  container: z.string(),
  previous: z.boolean(),
  lines: z.number().int().nonnegative(),
  /** Lines that are neither logfmt nor JSON log records (stack traces, plain text). */
  unparsedLines: z.number().int().nonnegative(),
  signatures: z.array(LogSignatureSchema),
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
