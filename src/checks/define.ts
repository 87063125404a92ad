import type { Bundle } from '../model/bundle.js';
import type { Evidence, Severity } from '../model/common.js';
import type { NeedName } from './needs.js';

/** Built-in docs: the report is read offline, so they travel with the check (house style 12). */
export interface CheckDocs {
  /** One sentence: what the finding means. */
  summary: string;
  /** How it works and what it compares. */
  explanation: string;
  /** What goes wrong in the cluster when this is true. */
  consequences: string;
  commonCauses: string[];
  /** `cilium`/`kubectl` commands that confirm the finding by hand. */
  verify: string[];
}

/** A threshold a user may override with `--threshold <slug>.<name>=<value>`. */
export interface ThresholdDef {
  default: number;
  description: string;
}

// biome-ignore lint: message functions take typed data; `any` lets each keep its own data type.
export type MessageFn = (data: any) => string;

/** A known log message's meaning and fix, as a finding carries it (from `src/knowledge/log-messages.ts`). */
export interface KnowledgeRef {
  id: string;
  title: string;
  meaning: string;
  causes: readonly string[];
  fix: string;
  sources: readonly string[];
  affects?: string;
  fixedIn?: string;
}

/**
 * How much of the cluster a finding breaks, for its rank (docs/ranking.md): `datapath` when traffic fails or will
 * (an agent down, a node unreachable, a full pool, drops), `control-plane` when state is wrong or stale but traffic
 * still flows (a failing controller, drift, errors in a log), `visibility` when only the report sees less (gaps).
 */
export type Impact = 'datapath' | 'control-plane' | 'visibility';

/** What a finding may add besides its message, for its key, its links to other findings and its rank. */
export interface FindingFacts {
  /** Overrides the check's impact for this finding (an operator crash is control plane, an agent crash datapath). */
  impact?: Impact;
  /** What the finding is about on its nodes (`cilium-agent`, a frontend, a CIDR), for its report key. */
  subject?: string;
  /**
   * Facts the explain rules (`explains.ts`) match on: `component:cilium-agent`, `area:apiserver`, `init`, ….
   */
  tags?: readonly string[];
  /**
   * When the finding was last true per its evidence (ISO 8601, UTC), for its currency at collection time;
   * absent when it holds when the bundle was taken (a container waiting in CrashLoopBackOff, a status line).
   */
  at?: string | null;
  /** Known log messages the finding rests on, with their meaning and fix. */
  knowledge?: readonly KnowledgeRef[];
}

/** What a check's `run` reports: a message id with its typed data, the nodes and the evidence. */
export interface Reported<M extends Record<string, MessageFn>> extends FindingFacts {
  messageId: keyof M & string;
  data: Parameters<M[keyof M & string]>[0];
  nodes: readonly string[];
  evidence: readonly Evidence[];
}

export interface CheckContext<M extends Record<string, MessageFn>, T extends string> {
  /** Thresholds with any override applied. */
  thresholds: Record<T, number>;
  report<K extends keyof M & string>(finding: { messageId: K; data: Parameters<M[K]>[0]; nodes: readonly string[]; evidence: readonly Evidence[] } & FindingFacts): void;
  /** The check found at run time that it cannot judge: it goes to `notEvaluated` with this reason. */
  notEvaluated(reason: string): void;
  /** The check used a fallback input; the report says so. */
  usedFallback(note: string): void;
}

export interface CheckDefinition<M extends Record<string, MessageFn> = Record<string, MessageFn>, T extends string = string> {
  /** Stable code in the area range (CR-1xxx nodes and agents, CR-2xxx IPAM/CIDRs, …). Never reused. */
  id: `CR-${number}`;
  /** Kebab name; equals the file name and the report anchor. */
  slug: string;
  title: string;
  defaultSeverity: Severity;
  /** Severity of particular messages when it differs from the default (a full pool is worse than a nearly full one). */
  messageSeverity?: Partial<Record<keyof M & string, Severity>>;
  /**
   * Inputs the check reads. When any is missing the runner records the check as not evaluated instead of running it.
   * Several names in an inner array mean "any of these".
   */
  needs: readonly (NeedName | readonly NeedName[])[];
  /** How much a finding of this check breaks, for its rank; `control-plane` when not given. */
  impact?: Impact;
  /** Impact of particular messages when it differs from the check's. */
  messageImpact?: Partial<Record<keyof M & string, Impact>>;
  messages: M;
  thresholds?: Record<T, ThresholdDef>;
  docs: CheckDocs;
  run(bundle: Bundle, ctx: CheckContext<M, T>): void;
}

/** Declares a check; the compiler ties every `report` call to a message id and its data type. */
export function defineCheck<M extends Record<string, MessageFn>, T extends string = never>(
  check: CheckDefinition<M, T>,
): CheckDefinition<M, T> {
  return check;
}

/** Evidence from a record's source. */
export function evidence(file: string, line: number | null, excerpt: string, note?: string): Evidence {
  return note === undefined ? { file, line, excerpt } : { file, line, excerpt, note };
}

/** Evidence from a record that carries `src` and `excerpt`. */
export function evidenceOf(record: { src: { file: string; line: number | null }; excerpt: string }, note?: string): Evidence {
  return evidence(record.src.file, record.src.line, record.excerpt, note);
}

/**
 * A sentence of the knowledge base as a clause inside a message: no closing full stop, and a lower-case first letter
 * unless the first word is a name or an acronym (`Remove …` → `remove …`, `IPsec …` stays).
 */
export function clause(sentence: string): string {
  const text = sentence.trim().replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
