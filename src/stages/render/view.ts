import type { Evidence, Severity } from '../../model/common.js';
import { CELL_FAILED, CELL_NONE, type HealthMatrix } from '../../model/health.js';
import type { Finding, Report, ReportNode } from '../../model/report.js';

/** What the Markdown and HTML reports both show, computed once from the report. */
export interface ReportView {
  title: string;
  counts: Record<Severity, number>;
  verdict: string;
  /** "Look at these first": the best-ranked causes (findings no other finding explains), info excluded. */
  top: Finding[];
  /** The findings in rank order, in three groups: causes and other findings, their consequences, info. */
  groups: { causes: Finding[]; consequences: Finding[]; info: Finding[] };
  /** Each finding by its key, for the links between causes and consequences. */
  byKey: Map<string, Finding>;
  summary: { label: string; value: string; warn: boolean }[];
  lacks: string[];
  nodes: NodeRow[];
  health: HealthView | null;
}

export interface NodeRow {
  node: ReportNode;
  mismatch: boolean;
  findings: number;
}

export interface HealthView {
  /** Observers and destinations shown; all of them unless the matrix is too large. */
  observers: number[];
  destinations: number[];
  total: { observers: number; destinations: number };
  /** Only rows and columns with a failure are shown (the matrix is too large to show whole). */
  failuresOnly: boolean;
  failedCells: number;
  /** Per destination: failing observers, for the summary bars. */
  failingTo: number[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
/** Above this many cells the matrix is cut to the rows and columns that have a failure. */
export const FULL_MATRIX_LIMIT = 150 * 150;

export function view(report: Report): ReportView {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) counts[f.severity]++;
  const verdict =
    counts.error + counts.warning === 0
      ? report.notEvaluated.length > 0
        ? `No problem found in what the bundle holds; ${report.notEvaluated.length} check(s) could not be evaluated`
        : 'No problem found'
      : `${plural(counts.error, 'error')} and ${plural(counts.warning, 'warning')} across ${plural(new Set(report.findings.flatMap((f) => f.nodes)).size, 'node')}`;
  const groups = groupFindings(report.findings);
  const top = groups.causes.slice(0, 3);
  const byKey = new Map(report.findings.flatMap((f) => (f.key ? [[f.key, f] as const] : [])));
  const versions = report.cluster.ciliumVersions;
  const summary = [
    { label: 'Cluster', value: report.details.clusterName ?? 'unknown', warn: false },
    { label: 'Kubernetes', value: report.cluster.kubernetesVersion ?? 'unknown', warn: false },
    { label: 'Cilium', value: versions.length > 0 ? versions.join(', ') : 'unknown', warn: versions.length > 1 },
    { label: 'Nodes / agents', value: `${report.cluster.nodes} / ${report.cluster.agents}`, warn: report.cluster.agents < report.cluster.nodes },
    { label: 'IPAM', value: report.details.ipamMode ?? 'unknown', warn: false },
    { label: 'KubeProxyReplacement', value: report.details.kubeProxyReplacement.join(', ') || 'unknown', warn: report.details.kubeProxyReplacement.length > 1 },
    { label: 'Routing', value: report.details.routingModes.join(', ') || 'unknown', warn: report.details.routingModes.length > 1 },
    {
      label: 'Collected',
      value: report.bundle.collectedAt
        ? `${report.bundle.collectedAt} (collector's local time${report.timeline?.clock.utc ? `; ${report.timeline.clock.utc} by the agents' clocks` : ''})`
        : 'unknown',
      warn: false,
    },
    { label: 'cilium-cli', value: report.bundle.ciliumCliVersion ?? 'unknown', warn: false },
    { label: 'Bundle', value: `${report.bundle.name} (${report.bundle.format}, ${report.bundle.files} files)`, warn: false },
  ];
  const lacks = [
    ...report.notEvaluated.map((n) => `${n.slug}: ${n.reason}`),
    ...report.checks.filter((c) => c.fallback).map((c) => `${c.slug}: ${c.fallback}`),
  ];
  const findingsPerNode = new Map<string, number>();
  for (const f of report.findings) for (const n of f.nodes) findingsPerNode.set(n, (findingsPerNode.get(n) ?? 0) + 1);
  const nodes = report.nodes.map((node) => ({ node, mismatch: cidrsDiffer(node), findings: findingsPerNode.get(node.name) ?? 0 }));
  return { title: `cilium-report: ${report.bundle.name}`, counts, verdict, top, groups, byKey, summary, lacks, nodes, health: healthView(report.health.matrix) };
}

/**
 * Findings in rank order split for the page: what no other finding explains (the causes, with anything standing
 * alone), the consequences of those causes, and info findings, which stay below the fold. A report without ranks
 * (built by hand) is ordered by severity.
 */
export function groupFindings(findings: readonly Finding[]): ReportView['groups'] {
  const ordered = findings.some((f) => f.rank === undefined) ? [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity]) : [...findings].sort((a, b) => (a.rank as number) - (b.rank as number));
  return {
    causes: ordered.filter((f) => !f.explainedBy && f.severity !== 'info'),
    consequences: ordered.filter((f) => f.explainedBy),
    info: ordered.filter((f) => !f.explainedBy && f.severity === 'info'),
  };
}

/** Evidence entries that cite the same line text (one line seen by many agents) shown as one, with the other places (and their notes). */
export interface EvidenceGroup {
  first: Evidence;
  /** The other places with the same excerpt. */
  same: Evidence[];
}

/** How many evidence groups a finding shows before the rest fold away. */
export const EVIDENCE_SHOWN = 4;

/** A finding's evidence, identical excerpts folded into their first, in order. */
export function evidenceGroups(evidence: readonly Evidence[]): EvidenceGroup[] {
  const out: EvidenceGroup[] = [];
  const at = new Map<string, EvidenceGroup>();
  for (const e of evidence) {
    const key = e.excerpt;
    const seen = at.get(key);
    if (seen) seen.same.push(e);
    else {
      const g = { first: e, same: [] as Evidence[] };
      at.set(key, g);
      out.push(g);
    }
  }
  return out;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The views of a node's CIDRs disagree (empty views, as in ENI mode, are not compared). */
export function cidrsDiffer(node: ReportNode): boolean {
  const views = [node.podCIDRs.kubernetes, node.podCIDRs.ciliumNode, node.podCIDRs.agent].filter((v) => v.length > 0).map((v) => [...v].sort().join(','));
  return new Set(views).size > 1;
}

function healthView(m: HealthMatrix | null): HealthView | null {
  if (!m || m.observers.length === 0) return null;
  const O = m.observers.length;
  const D = m.nodes.length;
  const failingRows = new Set<number>();
  const failingCols = new Set<number>();
  const failingTo = new Array<number>(D).fill(0);
  let failedCells = 0;
  for (let o = 0; o < O; o++) {
    for (let d = 0; d < D; d++) {
      let failed = false;
      for (let k = 0; k < 4; k++) if (m.state[(o * D + d) * 4 + k] === CELL_FAILED) failed = true;
      if (!failed) continue;
      failedCells++;
      failingRows.add(o);
      failingCols.add(d);
      failingTo[d] = (failingTo[d] as number) + 1;
    }
  }
  const full = O * D <= FULL_MATRIX_LIMIT;
  const byName = (a: number, b: number, names: (i: number) => string) => names(a).localeCompare(names(b));
  const observers = (full ? [...Array(O).keys()] : [...failingRows]).sort((a, b) => byName(a, b, (i) => m.observers[i]?.node ?? ''));
  const destinations = full ? [...Array(D).keys()] : [...failingCols].sort((a, b) => a - b);
  return { observers, destinations, total: { observers: O, destinations: D }, failuresOnly: !full, failedCells, failingTo };
}

/** The state of one observer → destination → target pair: `ok`, `fail` (some probe failed) or `none`. */
export function pairClass(m: HealthMatrix, o: number, d: number, target: 0 | 1): 'ok' | 'fail' | 'none' {
  const base = ((o * m.nodes.length + d) * 2 + target) * 2;
  const a = m.state[base] as number;
  const b = m.state[base + 1] as number;
  if (a === CELL_FAILED || b === CELL_FAILED) return 'fail';
  if (a === CELL_NONE && b === CELL_NONE) return 'none';
  return 'ok';
}
