import type { CheckContext, CheckDefinition, FindingFacts, MessageFn } from '../../checks/define.js';
import { NEEDS, type NeedName } from '../../checks/needs.js';
import type { Bundle } from '../../model/bundle.js';
import { type Diagnostic, type Evidence, MAX_EXCERPT, type Severity } from '../../model/common.js';
import type { CheckResult, Finding, NotEvaluated } from '../../model/report.js';
import { collectionClock } from './clock.js';
import { compareFindings, linkAndRank, type Made } from './rank.js';

export { compareFindings };

export interface CorrelateOptions {
  /** `--severity`: check id or slug → severity. */
  severity?: Readonly<Record<string, Severity>>;
  /** `--threshold`: `<slug>.<name>` → value. */
  thresholds?: Readonly<Record<string, number>>;
  /** Sees every report as the check made it (message id and data), for the check tester. */
  onReport?: (slug: string, reported: { messageId: string; data: unknown; nodes: readonly string[]; evidence: readonly Evidence[] } & FindingFacts) => void;
  /** Findings listed per check; past it one finding says how many more there are ({@link MAX_FINDINGS_PER_CHECK}). */
  maxFindingsPerCheck?: number;
}

/**
 * Findings one check lists in a report. A hostile or broken bundle can make a check report once per item (a
 * million nodes); past this many, one more finding says how many were left out and how severe the worst is.
 */
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const MAX_FINDINGS_PER_CHECK = 100;
/** Evidence entries kept per finding; checks quote a few, but one over every holder of an IP can be huge. */
export const MAX_EVIDENCE_PER_FINDING = 50;

export interface CorrelateResult {
  findings: Finding[];
  notEvaluated: NotEvaluated[];
  checks: CheckResult[];
  diagnostics: Diagnostic[];
}

/**
 * Runs every check over the model. The runner, not the check, stamps id, slug, title and severity, records
 * checks whose inputs are missing as not evaluated, turns a crashing check into a diagnostic, links causes to the
 * findings they explain and orders the findings by impact (`rank.ts`), so the output never depends on the order
 * checks ran in.
 */
export function runChecks(
  bundle: Bundle,
  checks: readonly CheckDefinition<Record<string, MessageFn>, string>[],
  options: CorrelateOptions = {},
): CorrelateResult {
  const made: Made[] = [];
  const notEvaluated: NotEvaluated[] = [];
  const results: CheckResult[] = [];
  const diagnostics: Diagnostic[] = [];

  for (const check of checks) {
    const override = options.severity?.[check.id] ?? options.severity?.[check.slug];
    const severityOf = (messageId: string): Severity =>
      override ?? check.messageSeverity?.[messageId] ?? check.defaultSeverity;
    const result: CheckResult = {
      id: check.id,
      slug: check.slug,
      title: check.title,
      severity: override ?? check.defaultSeverity,
      status: 'passed',
      findings: 0,
      fallback: null,
    };
    results.push(result);

    const missing = missingInputs(bundle, check.needs);
    if (missing.length > 0) {
      result.status = 'not-evaluated';
      notEvaluated.push({ slug: check.slug, reason: missing.join('; ') });
      continue;
    }

    const own: Made[] = [];
    const cap = options.maxFindingsPerCheck ?? MAX_FINDINGS_PER_CHECK;
    const more: LeftOut = { count: 0, severity: 'info', nodes: new Set(), first: null };
    let skipped: string | null = null;
    const fallbacks: string[] = [];
    const ctx: CheckContext<Record<string, MessageFn>, string> = {
      thresholds: resolveThresholds(check, options.thresholds),
      report({ messageId, data, nodes, evidence, ...facts }) {
        const message = check.messages[messageId];
        if (!message) throw new TypeError(`${check.slug}: unknown messageId "${messageId}"`);
        if (evidence.length === 0) throw new TypeError(`${check.slug}: finding "${messageId}" reported without evidence`);
        options.onReport?.(check.slug, { messageId, data, nodes, evidence, ...facts });
        if (own.length >= cap) {
          leaveOut(more, severityOf(messageId), nodes, () => ({ message: message(data), evidence: boundEvidence(evidence[0] as Evidence) }));
          return;
        }
        own.push({
          finding: {
            id: check.id,
            slug: check.slug,
            severity: severityOf(messageId),
            title: check.title,
            message: message(data),
            nodes: Array.from(new Set(nodes)).sort(),
            evidence: evidence.slice(0, MAX_EVIDENCE_PER_FINDING).map(boundEvidence),
          },
          slug: check.slug,
          messageId,
          facts,
          impact: facts.impact ?? check.messageImpact?.[messageId] ?? check.impact ?? 'control-plane',
        });
      },
      notEvaluated(reason) {
        skipped = reason;
      },
      usedFallback(note) {
        fallbacks.push(note);
      },
    };

    try {
      check.run(bundle, ctx);
    } catch (error) {
      // A programmer error (unknown messageId, no evidence) must fail the tests, so it is not swallowed there.
      if (error instanceof TypeError && process.env.CILIUM_REPORT_STRICT === '1') throw error;
      result.status = 'not-evaluated';
      const reason = `internal error in check ${check.slug}: ${(error as Error).message}`;
      notEvaluated.push({ slug: check.slug, reason });
      diagnostics.push({ file: '', line: null, level: 'error', message: reason });
      continue;
    }

    if (skipped !== null && own.length === 0) {
      result.status = 'not-evaluated';
      notEvaluated.push({ slug: check.slug, reason: skipped });
      continue;
    }
    result.fallback = fallbacks.length > 0 ? [...new Set(fallbacks)].join('; ') : null;
    result.findings = own.length + more.count;
    if (more.first) own.push({ finding: leftOutFinding(check, more, cap), slug: check.slug, messageId: '', facts: {}, impact: check.impact ?? 'control-plane' });
    if (own.length > 0) result.status = 'failed';
    for (const m of own) made.push(m);
  }

  const findings = linkAndRank(made, collectionClock(bundle));
  return { findings, notEvaluated, checks: results, diagnostics };
}

/** What a check reported past its cap: counted, its nodes kept, the first one quoted. */
interface LeftOut {
  count: number;
  severity: Severity;
  nodes: Set<string>;
  first: { message: string; evidence: Evidence } | null;
}

function leaveOut(more: LeftOut, severity: Severity, nodes: readonly string[], first: () => NonNullable<LeftOut['first']>): void {
  more.count++;
  if (SEVERITY_ORDER[severity] < SEVERITY_ORDER[more.severity]) more.severity = severity;
  for (const n of nodes) more.nodes.add(n);
  if (!more.first) more.first = first();
}

/** The one "and N more" finding of a check that reported past its cap, as severe as the worst it stands for. */
function leftOutFinding(check: CheckDefinition<Record<string, MessageFn>, string>, more: LeftOut, cap: number): Finding {
  const first = more.first as NonNullable<LeftOut['first']>;
  return {
    id: check.id,
    slug: check.slug,
    severity: more.severity,
    title: check.title,
    message: leftOutMessage(more.count, cap, first.message),
    nodes: Array.from(more.nodes).sort(),
    evidence: [first.evidence],
  };
}

function leftOutMessage(count: number, cap: number, first: string): string {
  return `${count} more finding${count === 1 ? '' : 's'} of this check ${count === 1 ? 'is' : 'are'} left out of the report, which lists ${cap} per check; the first left out reads: ${first}`;
}

function missingInputs(bundle: Bundle, needs: CheckDefinition['needs']): string[] {
  const missing: string[] = [];
  for (const need of needs) {
    const alternatives: readonly NeedName[] = typeof need === 'string' ? [need] : need;
    const reasons = alternatives.map((name) => NEEDS[name](bundle));
    if (reasons.every((r) => r !== null)) missing.push(reasons.join(', or '));
  }
  return missing;
}

function resolveThresholds(
  check: CheckDefinition<Record<string, MessageFn>, string>,
  overrides: Readonly<Record<string, number>> | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, def] of Object.entries(check.thresholds ?? {})) {
    out[name] = overrides?.[`${check.slug}.${name}`] ?? def.default;
  }
  return out;
}

function boundEvidence(e: Evidence): Evidence {
  return e.excerpt.length > MAX_EXCERPT * 4 ? { ...e, excerpt: `${e.excerpt.slice(0, MAX_EXCERPT * 4)}…` } : e;
}
