import type { FindingFacts, Impact } from '../../checks/define.js';
import { EXPLAIN_RULES, type ExplainMatch, type ExplainRule } from '../../checks/explains.js';
import type { Finding } from '../../model/report.js';
import type { CollectionClock } from './clock.js';

/** A finding as the runner made it, with what its check said beyond the message. */
export interface Made {
  finding: Finding;
  slug: string;
  messageId: string;
  facts: FindingFacts;
  impact: Impact;
}

/** A finding older than this before the collection is stale: it no longer competes with what is true now. */
export const STALE_MS = 7 * 24 * 3_600_000;

const SEVERITY: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };
const IMPACT: Record<Impact, number> = { datapath: 0, 'control-plane': 1, visibility: 2 };

/**
 * Gives every finding its key, links causes to the findings they explain (`EXPLAIN_RULES`) and orders them by
 * impact (docs/ranking.md): causes first, by whether they are current at collection time, by how much they break
 * (datapath, control plane, visibility) and how much of the cluster (the nodes of the finding and of what it
 * explains), then severity, id and first node; the consequences follow, each group after its cause; info last.
 */
export function linkAndRank(made: readonly Made[], clock: CollectionClock): Finding[] {
  const items = [...made].sort((a, b) => compareFindings(a.finding, b.finding));
  assignKeys(items);
  const stale = items.map((m) => isStale(m.facts.at ?? null, clock));

  // Candidate causes of each finding, by rule.
  const causes = items.map(() => [] as number[]);
  for (const rule of EXPLAIN_RULES) {
    const from = items.flatMap((m, i) => (!stale[i] && matches(m, rule.cause) ? [i] : []));
    if (from.length === 0) continue;
    const to = items.flatMap((m, i) => (matches(m, rule.effect) ? [i] : []));
    for (const c of from) {
      for (const e of to) {
        if (c === e || causes[e]?.includes(c)) continue;
        if (related(items[c] as Made, items[e] as Made, rule)) causes[e]?.push(c);
      }
    }
  }

  // One cause per finding: the strongest on its own (current, impact, breadth, severity, then the order above).
  const base = (i: number) => [stale[i] ? 1 : 0, IMPACT[(items[i] as Made).impact], -(items[i] as Made).finding.nodes.length, SEVERITY[(items[i] as Made).finding.severity], i];
  const cause = causes.map((list) => (list.length === 0 ? -1 : ([...list].sort((x, y) => compareTuples(base(x), base(y)))[0] as number)));
  // The rule table is acyclic over checks, but one finding can match both sides of a rule on its own tags: a link
  // that would close a loop is dropped.
  for (let i = 0; i < cause.length; i++) {
    const seen = new Set<number>([i]);
    for (let c = cause[i] as number; c >= 0; c = cause[c] as number) {
      if (seen.has(c)) {
        cause[i] = -1;
        break;
      }
      seen.add(c);
    }
  }
  const rootOf = (i: number): number => {
    let r = i;
    while ((cause[r] as number) >= 0) r = cause[r] as number;
    return r;
  };
  const effects = items.map(() => [] as number[]);
  cause.forEach((c, e) => {
    if (c >= 0) effects[c]?.push(e);
  });
  // Breadth of a cause: its nodes and those of everything it explains, directly or not.
  const reach = items.map((m) => new Set(m.finding.nodes));
  const explainedCount = items.map(() => 0);
  cause.forEach((_, e) => {
    const r = rootOf(e);
    if (r === e) return;
    for (const n of (items[e] as Made).finding.nodes) reach[r]?.add(n);
    explainedCount[r] = (explainedCount[r] as number) + 1;
  });

  const isInfo = (i: number) => (items[i] as Made).finding.severity === 'info';
  const rootKey = (i: number) => [stale[i] ? 1 : 0, IMPACT[(items[i] as Made).impact], -(reach[i] as Set<string>).size, -(explainedCount[i] as number), SEVERITY[(items[i] as Made).finding.severity], i];
  const roots = items.map((_, i) => i).filter((i) => cause[i] === -1);
  const ranked = [...roots.filter((i) => !isInfo(i))].sort((a, b) => compareTuples(rootKey(a), rootKey(b)));
  const order: number[] = [...ranked];
  // Consequences, each cause's group in the order of its root, deepest last; then info findings that explain nothing.
  const depth = (i: number) => {
    let d = 0;
    for (let c = cause[i] as number; c >= 0; c = cause[c] as number) d++;
    return d;
  };
  const rootRank = new Map<number, number>();
  const infoRoots = roots.filter(isInfo).sort((a, b) => compareTuples(rootKey(a), rootKey(b)));
  [...ranked, ...infoRoots].forEach((r, at) => rootRank.set(r, at));
  const explained = items.map((_, i) => i).filter((i) => cause[i] !== -1);
  explained.sort((a, b) => (rootRank.get(rootOf(a)) as number) - (rootRank.get(rootOf(b)) as number) || depth(a) - depth(b) || compareTuples(base(a), base(b)));
  for (const i of explained) order.push(i);
  for (const i of infoRoots) order.push(i);

  return order.map((i, at) => {
    const m = items[i] as Made;
    const f: Finding = { ...m.finding, rank: at + 1 };
    const list = (effects[i] as number[]).map((e) => (items[e] as Made).finding.key as string).sort();
    if (list.length > 0) f.explains = list;
    const c = cause[i] as number;
    if (c >= 0) f.explainedBy = (items[c] as Made).finding.key as string;
    if (m.facts.knowledge && m.facts.knowledge.length > 0) f.knowledge = m.facts.knowledge.map((k) => ({ ...k, causes: [...k.causes], sources: [...k.sources] }));
    return f;
  });
}

/** `CR-1004:node-3:cilium-agent`: id, first node, subject; a count suffix keeps keys unique within the report. */
function assignKeys(items: readonly Made[]): void {
  const used = new Map<string, number>();
  for (const m of items) {
    const base = `${m.finding.id}:${m.finding.nodes[0] ?? 'cluster'}:${m.facts.subject ?? m.messageId}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    m.finding.key = n === 1 ? base : `${base}:${n}`;
  }
}

function isStale(at: string | null, clock: CollectionClock): boolean {
  if (!at || clock.ms === null) return false;
  const t = Date.parse(at);
  if (Number.isNaN(t)) return false;
  return clock.ms - clock.uncertaintyMs - t > STALE_MS;
}

function matches(m: Made, side: ExplainMatch): boolean {
  if (m.slug !== side.slug) return false;
  if (side.messages && !side.messages.includes(m.messageId)) return false;
  const tags = m.facts.tags ?? [];
  if (side.tags && !side.tags.every((t) => tags.includes(t))) return false;
  if (side.notTags && side.notTags.some((t) => tags.includes(t))) return false;
  return true;
}

function related(cause: Made, effect: Made, rule: ExplainRule): boolean {
  for (const prefix of rule.same ?? []) {
    const a = (cause.facts.tags ?? []).filter((t) => t.startsWith(prefix));
    const b = (effect.facts.tags ?? []).filter((t) => t.startsWith(prefix));
    if (a.length === 0 || !b.some((t) => a.includes(t))) return false;
  }
  const nodes = new Set(cause.finding.nodes);
  switch (rule.on) {
    case 'any':
      return true;
    case 'shared-node':
      return effect.finding.nodes.some((n) => nodes.has(n));
    case 'within-nodes':
      return effect.finding.nodes.length > 0 && effect.finding.nodes.every((n) => nodes.has(n));
  }
}

function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Severity, then id, then first node, then first evidence file and line: the tie-breaker of every order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY[a.severity] - SEVERITY[b.severity] ||
    a.id.localeCompare(b.id) ||
    (a.nodes[0] ?? '').localeCompare(b.nodes[0] ?? '') ||
    (a.evidence[0]?.file ?? '').localeCompare(b.evidence[0]?.file ?? '') ||
    (a.evidence[0]?.line ?? 0) - (b.evidence[0]?.line ?? 0) ||
    a.message.localeCompare(b.message)
  );
}
