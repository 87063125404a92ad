import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { Report } from '../../model/report.js';
import { pairClass, plural, view } from './view.js';

const TEMPLATES = new URL('../../../templates/', import.meta.url);

/** Rows of the tables a browser has to lay out; beyond them the report says how many more report.json holds. */
const MAX_DIAGNOSTICS = 2000;
const MAX_LEDGER_ROWS = 2000;

let compiled: { template: Handlebars.TemplateDelegate; css: string; script: string } | null = null;

function load() {
  if (!compiled) {
    // An isolated environment: no helper or partial registered elsewhere can change what the template does.
    const hb = Handlebars.create();
    compiled = {
      template: hb.compile(readFileSync(new URL('report.hbs', TEMPLATES), 'utf8'), { strict: false, preventIndent: true }),
      css: readFileSync(new URL('report.css', TEMPLATES), 'utf8'),
      script: readFileSync(new URL('report.js', TEMPLATES), 'utf8'),
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

  const findings = report.findings.map((f, index) => ({
    index,
    id: f.id,
    slug: f.slug,
    severity: f.severity,
    title: f.title,
    message: f.message,
    nodes: f.nodes.slice(0, 30).map((name) => ({ name, anchor: anchors.get(name) ?? '' })),
    moreNodes: f.nodes.length > 30 ? f.nodes.length - 30 : 0,
    healthLinks: m && healthSlugs.has(f.slug) ? f.nodes.flatMap((name) => (m.nodes.includes(name) ? [{ name, index: m.nodes.indexOf(name) }] : [])).slice(0, 30) : [],
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
    top: v.top.map((f) => ({ ...f, index: report.findings.indexOf(f) })),
    summary: v.summary,
    lacks: v.lacks,
    findings,
    health,
    nodes,
    endpoints: d.endpoints,
    services: d.services,
    drops: d.drops.slice(0, 500),
    logs: d.logSignatures.slice(0, 500).map((s) => ({ ...s, who: s.node ?? s.pod })),
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
  return template(model);
}
