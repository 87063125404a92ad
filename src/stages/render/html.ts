import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { asset } from '../../assets.js';
import type { Evidence } from '../../model/common.js';
import type { Report } from '../../model/report.js';
import { timeOf } from './markdown.js';
import { visibleDeep } from './sanitise.js';
import { EVIDENCE_SHOWN, evidenceGroups, pairClass, plural, view } from './view.js';

/** Rows of the tables a browser has to lay out; beyond them the report says how many more report.json holds. */
const MAX_DIAGNOSTICS = 2000;
const MAX_LEDGER_ROWS = 2000;

let compiled: { template: Handlebars.TemplateDelegate; css: string; script: string } | null = null;

function load() {
  if (!compiled) {
    // An isolated environment: no helper or partial registered elsewhere can change what the template does.
    const hb = Handlebars.create();
    hb.registerPartial('finding', asset('finding.hbs'));
    hb.registerPartial('evidence', asset('evidence.hbs'));
    hb.registerPartial('place', asset('place.hbs'));
    compiled = {
      template: hb.compile(asset('report.hbs'), { strict: false, preventIndent: true }),
      css: asset('report.css'),
      script: asset('report.js'),
    };
  }
  return compiled;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The report as one self-contained HTML file: CSS and a small script inlined, no request of any kind, a
 * Content-Security-Policy that allows only the report's own style and script (by hash). Every value from the bundle
 * goes through Handlebars' escaping (`{{ }}`); triple-stash is used only for the inlined CSS and script.
 */
export function renderHtml(report: Report): string {
  const { template, css, script } = load();
  const v = view(report);
  const anchors = new Map(report.nodes.map((n, i) => [n.name, String(i)]));
  const catalog = new Map(report.catalog.map((c) => [c.slug, c]));
  const m = report.health.matrix;
  const healthSlugs = new Set(['node-unreachable', 'agent-isolated', 'health-partition', 'health-asymmetric', 'health-latency']);

  const windows = windowViews(report);
  const indexOf = new Map(report.findings.map((f, i) => [f.key ?? '', i]));
  const link = (f: (typeof report.findings)[number]) => ({ index: indexOf.get(f.key ?? '') ?? report.findings.indexOf(f), id: f.id, slug: f.slug, message: f.message, nodes: f.nodes.slice(0, 3).join(', ') });
  // One index of the matrix's nodes, made when first needed: a finding can name thousands of nodes.
  let matrixNodes: Map<string, number> | null = null;
  const matrixIndex = () => (matrixNodes ??= new Map((m?.nodes ?? []).map((n, i) => [n, i])));
  const findings = report.findings.map((f, index) => ({
    index,
    rank: f.rank ?? index + 1,
    explainedBy: f.explainedBy && v.byKey.get(f.explainedBy) ? link(v.byKey.get(f.explainedBy) as (typeof report.findings)[number]) : null,
    explains: (f.explains ?? []).flatMap((k) => (v.byKey.get(k) ? [link(v.byKey.get(k) as (typeof report.findings)[number])] : [])),
    knowledge: f.knowledge ?? [],
    ...foldedEvidence(f.evidence, windows),
    id: f.id,
    slug: f.slug,
    severity: f.severity,
    title: f.title,
    message: f.message,
    nodes: f.nodes.slice(0, 30).map((name) => ({ name, anchor: anchors.get(name) ?? '' })),
    moreNodes: f.nodes.length > 30 ? f.nodes.length - 30 : 0,
    healthLinks: m && healthSlugs.has(f.slug) ? healthLinksOf(f.nodes, matrixIndex()) : [],
    evidence: f.evidence,
    docs: catalog.get(f.slug)?.docs ?? { summary: '', explanation: '', consequences: '', commonCauses: [], verify: [] },
    filterText: [f.id, f.slug, f.message, ...f.nodes].join(' '),
  }));

  let health: unknown = null;
  if (m && v.health) {
    const h = v.health;
    const failingRows = new Set<number>();
    const columns = h.destinations.map((d) => ({ index: d, name: m.nodes[d] ?? '', failing: (h.failingTo[d] ?? 0) > 0 }));
    const rows = h.observers.map((o) => {
      const observer = m.observers[o]?.node ?? '';
      const cells = h.destinations.map((d) => {
        const node = pairClass(m, o, d, 0);
        const endpoint = pairClass(m, o, d, 1);
        if (node === 'fail' || endpoint === 'fail') failingRows.add(o);
        return { cls: `${node}-${endpoint}`, title: `${observer} → ${m.nodes[d]}: node ${node}, endpoint ${endpoint}` };
      });
      return { index: o, name: observer, failing: false, cells };
    });
    for (const r of rows) r.failing = failingRows.has(r.index);
    health = {
      caption: h.failuresOnly
        ? `${h.total.observers} observers × ${h.total.destinations} destinations is too large to draw whole: only the ${h.observers.length} observers and ${h.destinations.length} destinations with a failed probe are shown (${plural(h.failedCells, 'failed pair')}).`
        : `${h.total.observers} observers × ${h.total.destinations} destinations; ${plural(h.failedCells, 'pair')} with a failed probe.`,
      columns,
      rows,
    };
  }

  const nodes = v.nodes.map(({ node: n, mismatch, findings: count }, i) => ({
    anchor: String(i),
    name: n.name,
    internalIP: n.internalIP ?? '',
    ready: n.ready === null ? '?' : n.ready ? 'yes' : 'no',
    readyClass: n.ready === false ? 'not-ready' : '',
    k8s: n.podCIDRs.kubernetes.join(', '),
    cn: n.podCIDRs.ciliumNode.join(', '),
    agentCidrs: n.podCIDRs.agent.join(', '),
    mismatch,
    pod: n.agent?.pod ?? 'none',
    version: n.agent?.version ?? '',
    state: n.agent?.state ?? 'none',
    kpr: n.agent?.kubeProxyReplacement ?? '',
    ipam: n.agent?.ipam ? `${n.agent.ipam.used}/${n.agent.ipam.total}` : '',
    ipamSort: n.agent?.ipam ? String(n.agent.ipam.used / Math.max(n.agent.ipam.total, 1)) : '',
    controllers: n.agent?.controllers ? `${n.agent.controllers.healthy}/${n.agent.controllers.total}` : '',
    clusterHealth: n.agent?.clusterHealth ? `${n.agent.clusterHealth.reachable}/${n.agent.clusterHealth.total}` : '',
    endpoints: n.agent?.endpoints ?? '',
    kernel: n.host?.kernel ?? '',
    devices: (n.host?.devices ?? []).map((d) => `${d.name}${d.state && d.state !== 'UP' ? ` (${d.state})` : ''}`).join(', '),
    devicesDown: (n.host?.devices ?? []).some((d) => d.state === 'DOWN'),
    mtu: n.host?.mtu ?? '',
    findings: count,
    flagged: mismatch || count > 0,
    filterText: [n.name, n.internalIP, ...n.podCIDRs.kubernetes, ...n.podCIDRs.ciliumNode, ...n.podCIDRs.agent, n.agent?.pod, n.agent?.version, n.host?.kernel].filter(Boolean).join(' '),
  }));

  const d = report.details;
  const status = new Map(report.checks.map((c) => [c.slug, c]));
  const model = {
    csp: '',
    title: v.title,
    generator: `${report.generator.name} ${report.generator.version}`,
    bundleLine: `${report.bundle.name} · ${report.bundle.format} · ${report.bundle.files} files${report.bundle.collectedAt ? ` · collected ${report.bundle.collectedAt}` : ''}`,
    verdict: v.verdict,
    verdictClass: v.counts.error > 0 ? 'bad' : v.counts.warning > 0 ? 'warn' : 'good',
    counts: v.counts,
    oneError: v.counts.error === 1,
    oneWarning: v.counts.warning === 1,
    notEvaluated: report.notEvaluated.length,
    top: v.top.map((f) => ({ ...f, index: report.findings.indexOf(f), explainsText: f.explains?.length ? `explains ${plural(f.explains.length, 'other finding')}` : '' })),
    causes: v.groups.causes.map((f) => findings[report.findings.indexOf(f)]),
    consequences: v.groups.consequences.map((f) => findings[report.findings.indexOf(f)]),
    infos: v.groups.info.map((f) => findings[report.findings.indexOf(f)]),
    summary: v.summary,
    lacks: v.lacks,
    findings,
    health,
    nodes,
    endpoints: d.endpoints,
    services: d.services,
    drops: d.drops.slice(0, 500),
    logs: d.logSignatures.slice(0, 500).map((s) => ({ ...s, who: s.node ?? s.pod })),
    timeline: report.timeline && report.timeline.entries.length > 0
      ? {
          caption: `${plural(report.timeline.entries.length, 'moment')} in UTC${report.timeline.omitted > 0 ? ` (${report.timeline.omitted} more left out; report.json has the same bound)` : ''}. Collection time: ${report.timeline.clock.utc ? `${report.timeline.clock.utc}, ${report.timeline.clock.basis}` : report.timeline.clock.basis}.`,
          rows: report.timeline.entries.map((e) => ({
            ...e,
            when: timeOf(e.time),
            where: e.file ? `${e.file}${e.line ? `:${e.line}` : ''}` : '',
            causeLinks: e.causes.flatMap((k) => (v.byKey.get(k) ? [{ id: (v.byKey.get(k) as (typeof report.findings)[number]).id, index: indexOf.get(k) ?? 0 }] : [])),
          })),
        }
      : null,
    ledgerLine: `${report.bundle.files} files: ${Object.entries(d.ledger.counts).sort().map(([k, n]) => `${n} ${k}`).join(', ')}.`,
    gaps: d.gaps.slice(0, 500),
    ledgerProblems: d.ledger.problems.slice(0, MAX_LEDGER_ROWS),
    unclaimed: d.ledger.unclaimed.slice(0, 300),
    unclaimedTotal: d.ledger.unclaimed.reduce((n, u) => n + u.count, 0),
    diagnostics: report.diagnostics.slice(0, MAX_DIAGNOSTICS),
    moreDiagnostics: Math.max(0, report.diagnostics.length - MAX_DIAGNOSTICS),
    catalog: report.catalog.map((c) => ({
      ...c,
      status: status.get(c.slug)?.status ?? 'passed',
      reason: report.notEvaluated.find((n) => n.slug === c.slug)?.reason ?? '',
      fallback: status.get(c.slug)?.fallback ?? '',
    })),
    mentions: mentionsView(report),
    mentionsNote: report.context?.index ? null : (report.context?.indexNote ?? null),
    contextCut: report.context?.cut ?? [],
    schemaVersion: report.schemaVersion,
    css,
    script,
  };
  model.csp = [
    "default-src 'none'",
    `style-src ${sha256(css)}`,
    `script-src ${sha256(script)}`,
    "img-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  // Handlebars escapes markup; control and invisible characters from the bundle become visible escapes too.
  return template(visibleDeep(model, ['css', 'script', 'csp']));
}

/** Links to the health matrix for the first 30 of a finding's nodes that are in it. */
function healthLinksOf(nodes: readonly string[], index: ReadonlyMap<string, number>): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  for (const name of nodes) {
    if (out.length >= 30) break;
    const i = index.get(name);
    if (i !== undefined) out.push({ name, index: i });
  }
  return out;
}

/** Each cited line's window, keyed by file and line, as the template shows it (every line escaped by `{{ }}`). */
function windowViews(report: Report) {
  const out = new Map<string, { first: number; last: number; lines: { no: number; text: string; hit: boolean }[]; note: string }>();
  for (const w of report.context?.windows ?? []) {
    if (w.lines.length === 0) continue;
    out.set(`${w.file}\0${w.line}`, {
      first: w.start,
      last: w.start + w.lines.length - 1,
      lines: w.lines.map((text, i) => ({ no: w.start + i, text, hit: w.start + i >= w.line && w.start + i <= w.endLine })),
      note: w.note ?? '',
    });
  }
  return out;
}

function mentionsView(report: Report) {
  const index = report.context?.index;
  if (!index) return null;
  const s = index.searched;
  return {
    searchedLine: `${s.files} files, ${(s.bytes / 2 ** 20).toFixed(1)} MiB${s.binary ? `; ${s.binary} binary files not searched` : ''}`,
    cut: index.cut,
    terms: index.terms.map((t) => ({
      term: t.term,
      kind: t.kind === 'node' ? 'node name' : t.kind === 'node-ip' ? 'node IP' : 'pod CIDR',
      nodes: t.nodes.join(', '),
      lines: t.lines,
      files: t.files,
      oneFile: t.mentions.length === 1,
      more: t.files - t.mentions.length,
      mentions: t.mentions.map((m) => ({ file: m.file, lines: m.lines.join(', ') })),
    })),
  };
}

/** A finding's evidence for the page: the first groups shown, the rest folded with a count. */
function foldedEvidence(evidence: readonly Evidence[], windows: ReturnType<typeof windowViews>) {
  const windowOf = (e: Evidence) => (e.line === null ? null : windows.get(`${e.file}\0${e.line}`) ?? null);
  const groups = evidenceGroups(evidence).map((g) => ({ first: { ...g.first, window: windowOf(g.first) }, same: g.same.map((e) => ({ ...e, window: windowOf(e) })), samePlural: g.same.length !== 1 }));
  const folded = groups.slice(EVIDENCE_SHOWN);
  const foldedCount = folded.reduce((n, g) => n + 1 + g.same.length, 0);
  return { evidenceShown: groups.slice(0, EVIDENCE_SHOWN), evidenceFolded: folded, foldedCount, foldedPlural: foldedCount !== 1 };
}
