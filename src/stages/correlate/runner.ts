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
}

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
    let skipped: string | null = null;
    const fallbacks: string[] = [];
    const ctx: CheckContext<Record<string, MessageFn>, string> = {
      thresholds: resolveThresholds(check, options.thresholds),
      report({ messageId, data, nodes, evidence, ...facts }) {
        const message = check.messages[messageId];
        if (!message) throw new TypeError(`${check.slug}: unknown messageId "${messageId}"`);
        if (evidence.length === 0) throw new TypeError(`${check.slug}: finding "${messageId}" reported without evidence`);
        options.onReport?.(check.slug, { messageId, data, nodes, evidence, ...facts });
        own.push({
          finding: {
            id: check.id,
            slug: check.slug,
            severity: severityOf(messageId),
            title: check.title,
            message: message(data),
            nodes: [...new Set(nodes)].sort(),
            evidence: evidence.map(boundEvidence),
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
    result.findings = own.length;
    if (own.length > 0) result.status = 'failed';
    for (const m of own) made.push(m);
  }

  const findings = linkAndRank(made, collectionClock(bundle));
  return { findings, notEvaluated, checks: results, diagnostics };
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
