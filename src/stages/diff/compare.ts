import type { Severity } from '../../model/common.js';
import { CELL_FAILED, CELL_NONE, cellIndex, type HealthMatrix, PROTOCOLS, TARGETS } from '../../model/health.js';
import type { Finding, Report } from '../../model/report.js';
import { VERSION } from '../../version.js';
import { type ChangedFinding, DIFF_SCHEMA_VERSION, type DiffJson } from './schema.js';

/** Changed health cells listed one by one; the counts cover all of them. */
const MAX_CELLS = 2000;
const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Compares the reports of two bundles of one cluster, old then new. Findings are matched by check and nodes. */
export function diffReports(old: Report, now: Report): DiffJson {
  const notEvaluatedNow = new Map(now.notEvaluated.map((n) => [n.slug, n.reason]));
  const notEvaluatedBefore = new Set(old.notEvaluated.map((n) => n.slug));
  const appeared: Finding[] = [];
  const resolved: Finding[] = [];
  const unverified: Finding[] = [];
  const changed: ChangedFinding[] = [];
  let unchanged = 0;

  const slugs = [...new Set([...old.findings, ...now.findings].map((f) => f.slug))].sort();
  for (const slug of slugs) {
    const before = old.findings.filter((f) => f.slug === slug);
    const after = now.findings.filter((f) => f.slug === slug);
    const key = (f: Finding) => [...f.nodes].sort().join('\0');
    // Same nodes: the same finding, whatever its wording.
    const left = [...before];
    const right: Finding[] = [];
    for (const f of after) {
      const i = left.findIndex((b) => key(b) === key(f));
      if (i < 0) {
        right.push(f);
        continue;
      }
      const [b] = left.splice(i, 1) as [Finding];
      if (b.severity === f.severity) unchanged++;
      else changed.push(change(b, f));
    }
    // Overlapping nodes: the same problem, grown or shrunk.
    for (const f of right) {
      let best = -1;
      let overlap = 0;
      left.forEach((b, i) => {
        const n = b.nodes.filter((x) => f.nodes.includes(x)).length;
        if (n > overlap) [best, overlap] = [i, n];
      });
      if (best < 0) appeared.push(f);
      else changed.push(change(left.splice(best, 1)[0] as Finding, f));
    }
    for (const b of left) (notEvaluatedNow.has(slug) ? unverified : resolved).push(b);
  }

  const names = (r: Report) => new Set(r.nodes.map((n) => n.name));
  const [oldNames, newNames] = [names(old), names(now)];
  const shared = [...newNames].filter((n) => oldNames.has(n)).length;
  const union = new Set([...oldNames, ...newNames]).size;
  const notes: string[] = [];
  // Two bundles of different clusters compare as "everything resolved, everything new": say so before that is read as news.
  if (oldNames.size > 0 && newNames.size > 0 && shared === 0) {
    notes.push(`these bundles share 0 of ${union} nodes: same cluster? (old: ${sample(oldNames)}; new: ${sample(newNames)})`);
  } else if (union > 0 && shared < union / 2) {
    notes.push(`these bundles share only ${shared} of ${union} nodes: most differences below may be nodes that were replaced`);
  }
  // In the order each report lists its findings (by impact), not in the order the checks were walked here.
  const orderIn = (r: Report) => new Map(r.findings.map((f, i) => [f, i]));
  const [oldOrder, newOrder] = [orderIn(old), orderIn(now)];
  const byOrder = (order: Map<Finding, number>) => (a: Finding, b: Finding) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  appeared.sort(byOrder(newOrder));
  resolved.sort(byOrder(oldOrder));
  unverified.sort(byOrder(oldOrder));
  changed.sort((a, b) => (newOrder.get(a.new) ?? 0) - (newOrder.get(b.new) ?? 0));
  const agents: DiffJson['agents'] = [];
  const cidrs: DiffJson['cidrs'] = [];
  for (const n of now.nodes) {
    const o = old.nodes.find((x) => x.name === n.name);
    if (!o) continue;
    for (const field of ['pod', 'version', 'state', 'kubeProxyReplacement'] as const) {
      const [a, b] = [o.agent?.[field] ?? null, n.agent?.[field] ?? null];
      if (a !== b) agents.push({ node: n.name, field, old: a, new: b });
    }
    for (const source of ['kubernetes', 'ciliumNode', 'agent'] as const) {
      const [a, b] = [[...o.podCIDRs[source]].sort(), [...n.podCIDRs[source]].sort()];
      if (a.join() !== b.join()) cidrs.push({ node: n.name, source, old: a, new: b });
    }
  }

  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    kind: 'cilium-report-diff',
    generator: { name: 'cilium-report', version: VERSION },
    old: side(old),
    new: side(now),
    notes,
    findings: { appeared, resolved, changed, unverified, unchanged },
    visibility: {
      lost: now.notEvaluated.filter((n) => !notEvaluatedBefore.has(n.slug)).map((n) => ({ slug: n.slug, reason: n.reason })),
      gained: old.notEvaluated.filter((n) => !notEvaluatedNow.has(n.slug)).map((n) => ({ slug: n.slug })),
    },
    nodes: { added: [...newNames].filter((n) => !oldNames.has(n)).sort(), removed: [...oldNames].filter((n) => !newNames.has(n)).sort(), shared },
    agents,
    cidrs,
    health: healthChanges(old.health.matrix, now.health.matrix),
  };
}

function sample(names: ReadonlySet<string>): string {
  const sorted = [...names].sort();
  return `${sorted.slice(0, 3).join(', ')}${sorted.length > 3 ? `, … ${sorted.length} in all` : ''}`;
}

function change(b: Finding, f: Finding): ChangedFinding {
  return {
    id: f.id,
    slug: f.slug,
    severity: { old: b.severity, new: f.severity },
    nodesAdded: f.nodes.filter((n) => !b.nodes.includes(n)),
    nodesRemoved: b.nodes.filter((n) => !f.nodes.includes(n)),
    old: b,
    new: f,
  };
}

function side(r: Report): DiffJson['old'] {
  return {
    bundle: { name: r.bundle.name, collectedAt: r.bundle.collectedAt, ciliumCliVersion: r.bundle.ciliumCliVersion, files: r.bundle.files },
    cluster: r.cluster,
    problems: r.problems,
  };
}

/** Cells of the two matrices, matched by observer node and destination node names. */
function healthChanges(a: HealthMatrix | null, b: HealthMatrix | null): DiffJson['health'] {
  const out: DiffJson['health'] = { newlyFailing: 0, recovered: 0, noLongerProbed: 0, cells: [] };
  if (!a || !b) return out;
  const bObserver = new Map(b.observers.map((o, i) => [o.node, i]));
  const bDest = new Map(b.nodes.map((n, i) => [n, i]));
  a.observers.forEach((obs, oa) => {
    const ob = bObserver.get(obs.node);
    a.nodes.forEach((dest, da) => {
      const db = bDest.get(dest);
      for (const t of [0, 1] as const) {
        for (const p of [0, 1] as const) {
          const before = a.state[cellIndex(a, oa, da, t, p)] as number;
          if (before === CELL_NONE) continue;
          const after = ob === undefined || db === undefined ? CELL_NONE : (b.state[cellIndex(b, ob, db, t, p)] as number);
          if (after === CELL_NONE) {
            out.noLongerProbed++;
            continue;
          }
          if (after === before) continue;
          if (after === CELL_FAILED) out.newlyFailing++;
          else out.recovered++;
          if (out.cells.length < MAX_CELLS) {
            out.cells.push({ from: obs.node, to: dest, target: TARGETS[t] as 'node', protocol: PROTOCOLS[p] as 'icmp', old: before === CELL_FAILED ? 'failed' : 'ok', new: after === CELL_FAILED ? 'failed' : 'ok' });
          }
        }
      }
    });
  });
  return out;
}

/** Findings that make the diff fail automation at `--fail-on`: new ones, and changed ones that got worse. */
export function worsened(diff: DiffJson): { severity: Severity }[] {
  return [
    ...diff.findings.appeared,
    ...diff.findings.changed.filter((c) => c.nodesAdded.length > 0 || RANK[c.severity.new] > RANK[c.severity.old]).map((c) => c.new),
  ];
}
