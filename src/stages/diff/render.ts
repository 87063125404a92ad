import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { asset } from '../../assets.js';
import type { Finding } from '../../model/report.js';
import { esc } from '../render/markdown.js';
import { jsonSafe, visibleDeep } from '../render/sanitise.js';
import { plural } from '../render/view.js';
import type { Severity } from '../../model/common.js';
import type { FailOn } from '../render/exit-code.js';
import { worsened } from './compare.js';
import { type DiffJson, DiffJsonSchema } from './schema.js';

const MD_CELLS = 50;
const HTML_CELLS = 500;

/** diff.json, validated against its schema before it is written. */
export function renderDiffJson(diff: DiffJson): string {
  return jsonSafe(`${JSON.stringify(DiffJsonSchema.parse(diff), null, 2)}\n`);
}

function verdict(d: DiffJson): string {
  const f = d.findings;
  return `${plural(f.appeared.length, 'new finding')}, ${f.resolved.length} resolved, ${f.changed.length} changed, ${f.unverified.length} unverified; ${plural(d.visibility.lost.length, 'check')} lost visibility.`;
}

const sidesOf = (d: DiffJson) => [
  { label: 'Bundle', old: d.old.bundle.name, new: d.new.bundle.name },
  { label: 'Collected', old: d.old.bundle.collectedAt ?? 'unknown', new: d.new.bundle.collectedAt ?? 'unknown' },
  { label: 'Kubernetes', old: d.old.cluster.kubernetesVersion ?? 'unknown', new: d.new.cluster.kubernetesVersion ?? 'unknown' },
  { label: 'Cilium', old: d.old.cluster.ciliumVersions.join(', ') || 'unknown', new: d.new.cluster.ciliumVersions.join(', ') || 'unknown' },
  { label: 'Nodes / agents', old: `${d.old.cluster.nodes} / ${d.old.cluster.agents}`, new: `${d.new.cluster.nodes} / ${d.new.cluster.agents}` },
  { label: 'Errors and warnings', old: String(d.old.problems), new: String(d.new.problems) },
];

const changesOf = (d: DiffJson) => [
  ...d.nodes.added.map((node) => ({ node, what: 'node', old: '—', new: 'added' })),
  ...d.nodes.removed.map((node) => ({ node, what: 'node', old: 'present', new: 'removed' })),
  ...d.agents.map((a) => ({ node: a.node, what: `agent ${a.field}`, old: a.old ?? '—', new: a.new ?? '—' })),
  ...d.cidrs.map((c) => ({ node: c.node, what: `pod CIDR (${c.source})`, old: c.old.join(', ') || '—', new: c.new.join(', ') || '—' })),
];

const healthLine = (d: DiffJson) =>
  `${plural(d.health.newlyFailing, 'probe')} newly failing, ${d.health.recovered} recovered, ${d.health.noLongerProbed} no longer probed.`;

/** GitHub-flavoured Markdown for a postmortem or a PR comment. */
export function renderDiffMarkdown(d: DiffJson): string {
  const out: string[] = [`# cilium-report diff: ${esc(d.old.bundle.name)} → ${esc(d.new.bundle.name)}`, '', `**${verdict(d)}**`, ''];
  for (const note of d.notes ?? []) out.push(`> ⚠️ ${esc(note)}`, '');
  out.push('| | Before | After |', '| --- | --- | --- |');
  for (const s of sidesOf(d)) out.push(`| ${s.label} | ${esc(s.old)} | ${esc(s.new)} |`);
  const line = (f: Finding) => `- **${f.severity}** ${f.id} \`${f.slug}\`: ${esc(f.message)}${f.nodes.length ? ` (${f.nodes.map((n) => `\`${esc(n)}\``).join(', ')})` : ''}`;
  const section = (title: string, items: string[], none: string) => out.push('', `## ${title} (${items.length})`, '', ...(items.length ? items : [none]));
  section('New findings', d.findings.appeared.map(line), 'None.');
  section('Resolved', d.findings.resolved.map(line), 'None.');
  section(
    'Changed',
    d.findings.changed.map(
      (c) =>
        `- **${c.severity.new}** ${c.id} \`${c.slug}\`: ${esc(c.new.message)}${c.severity.old !== c.severity.new ? ` (was ${c.severity.old})` : ''}${c.nodesAdded.length ? `; nodes added: ${c.nodesAdded.map((n) => `\`${esc(n)}\``).join(', ')}` : ''}${c.nodesRemoved.length ? `; nodes no longer affected: ${c.nodesRemoved.map((n) => `\`${esc(n)}\``).join(', ')}` : ''}`,
    ),
    'None.',
  );
  section('Unverified: the check could not run on the new bundle', d.findings.unverified.map(line), 'None.');
  section('Lost visibility', d.visibility.lost.map((l) => `- \`${l.slug}\`: ${esc(l.reason)}`), 'No check lost its input.');
  const changes = changesOf(d);
  out.push('', `## Nodes, agents and pod CIDRs (${changes.length})`, '');
  if (changes.length === 0) out.push('No change.');
  else {
    out.push('| Node | What | Before | After |', '| --- | --- | --- | --- |');
    for (const c of changes) out.push(`| ${esc(c.node)} | ${c.what} | ${esc(c.old)} | ${esc(c.new)} |`);
  }
  out.push('', '## Health matrix', '', healthLine(d));
  if (d.health.cells.length > 0) {
    out.push('', '| From | To | Probe | Before | After |', '| --- | --- | --- | --- | --- |');
    for (const c of d.health.cells.slice(0, MD_CELLS)) out.push(`| ${esc(c.from)} | ${esc(c.to)} | ${c.target} ${c.protocol} | ${c.old} | ${c.new} |`);
    if (d.health.cells.length > MD_CELLS) out.push('', `${d.health.cells.length - MD_CELLS} more omitted; see diff.json.`);
  }
  out.push('', `<sub>diff.json schemaVersion ${d.schemaVersion}, ${d.generator.name} ${d.generator.version}</sub>`, '');
  return out.join('\n');
}

let compiled: { template: Handlebars.TemplateDelegate; css: string } | null = null;

/** One self-contained page with both sides; no script, and a CSP that allows only its own style. */
export function renderDiffHtml(d: DiffJson): string {
  if (!compiled) {
    const hb = Handlebars.create();
    compiled = {
      template: hb.compile(asset('diff.hbs'), { strict: false, preventIndent: true }),
      css: `${asset('report.css')}\ntr.differs td { font-weight: 600; }\n.cell-failed { color: var(--error); font-weight: 600; }\n.cell-ok { color: var(--ok); }\n`,
    };
  }
  const { template, css } = compiled;
  const side = (f: Finding | null) => (f ? { message: f.message, nodes: f.nodes.join(', ') || '—' } : null);
  const groups = [
    { id: 'appeared', title: 'New findings', about: 'In the new bundle only, matched by check and nodes.', items: d.findings.appeared.map((f) => ({ ...f, old: null, new: side(f), gone: '' })) },
    { id: 'resolved', title: 'Resolved', about: 'Gone from the new bundle, and the check ran on it.', items: d.findings.resolved.map((f) => ({ ...f, old: side(f), new: null, gone: 'resolved' })) },
    { id: 'changed', title: 'Changed', about: 'The same check on overlapping nodes, with nodes or severity changed.', items: d.findings.changed.map((c) => ({ id: c.id, slug: c.slug, severity: c.severity.new, old: side(c.old), new: side(c.new), gone: '' })) },
    { id: 'unverified', title: 'Unverified', about: 'In the old bundle; the check could not run on the new one, so whether it is fixed is unknown.', items: d.findings.unverified.map((f) => ({ ...f, old: side(f), new: null, gone: 'not evaluated' })) },
  ];
  const sha = createHash('sha256').update(css, 'utf8').digest('base64');
  // As for the report: Handlebars escapes markup, and control and invisible characters become visible escapes.
  return template(visibleDeep({
    title: `cilium-report diff: ${d.old.bundle.name} → ${d.new.bundle.name}`,
    generator: `${d.generator.name} ${d.generator.version}`,
    verdict: verdict(d),
    notes: d.notes ?? [],
    verdictClass: d.findings.appeared.length > 0 ? 'bad' : 'good',
    sides: sidesOf(d).map((s) => ({ ...s, differs: s.old !== s.new })),
    groups,
    lost: d.visibility.lost,
    gained: d.visibility.gained,
    changes: changesOf(d),
    healthLine: healthLine(d),
    cells: d.health.cells.slice(0, HTML_CELLS),
    moreCells: Math.max(0, d.health.cells.length - HTML_CELLS),
    schemaVersion: d.schemaVersion,
    css,
    csp: ["default-src 'none'", `style-src 'sha256-${sha}'`, "script-src 'none'", "img-src 'none'", "base-uri 'none'", "form-action 'none'"].join('; '),
  }, ['css', 'csp']));
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * The diff as JUnit XML (the same junit-10.xsd shape as a report's): one testcase per check the diff touches. A new
 * or worsened finding at or above `failOn` fails its testcase; resolved, unchanged-severity and below-`failOn`
 * changes are listed in `system-out`; a check that lost its input is skipped.
 */
export function renderDiffJunit(d: DiffJson, options: { failOn?: FailOn } = {}): string {
  const failOn = options.failOn ?? 'error';
  const counts = (f: { severity: Severity }) => failOn !== 'none' && RANK[f.severity] >= RANK[failOn];
  const worse = new Set(worsened(d).filter(counts));
  interface Case { id: string; slug: string; failures: Finding[]; out: string[]; skipped: string | null }
  const cases = new Map<string, Case>();
  const at = (f: { id: string; slug: string }) => {
    let c = cases.get(f.slug);
    if (!c) cases.set(f.slug, (c = { id: f.id, slug: f.slug, failures: [], out: [], skipped: null }));
    return c;
  };
  const line = (f: Finding) => `[${f.severity}] ${f.message}${f.nodes.length ? ` (${f.nodes.join(', ')})` : ''}`;
  for (const f of d.findings.appeared) (worse.has(f) ? at(f).failures.push(f) : at(f).out.push(`new: ${line(f)}`));
  for (const c of d.findings.changed) {
    if (worse.has(c.new)) at(c).failures.push(c.new);
    else at(c).out.push(`changed: ${line(c.new)} (was ${c.severity.old}${c.nodesRemoved.length ? `; no longer on ${c.nodesRemoved.join(', ')}` : ''})`);
  }
  for (const f of d.findings.resolved) at(f).out.push(`resolved: ${line(f)}`);
  for (const f of d.findings.unverified) at(f).out.push(`unverified (the check could not run on the new bundle): ${line(f)}`);
  for (const l of d.visibility.lost) {
    const c = cases.get(l.slug) ?? at({ id: '', slug: l.slug });
    c.skipped = l.reason;
  }
  const list = [...cases.values()].sort((a, b) => a.slug.localeCompare(b.slug));
  const failed = list.filter((c) => c.failures.length > 0).length;
  const skipped = list.filter((c) => c.skipped !== null && c.failures.length === 0).length;
  const name = `${d.old.bundle.name} → ${d.new.bundle.name}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cilium-report diff" tests="${list.length}" failures="${failed}" errors="0" time="0">`,
    `  <testsuite name="${x(name)}" id="1" package="cilium-report.diff" tests="${list.length}" failures="${failed}" errors="0" skipped="${skipped}" time="0">`,
    '    <properties>',
    `      <property name="old" value="${x(d.old.bundle.name)}"></property>`,
    `      <property name="new" value="${x(d.new.bundle.name)}"></property>`,
    `      <property name="fail-on" value="${failOn}"></property>`,
    ...(d.notes ?? []).map((n) => `      <property name="note" value="${x(n)}"></property>`),
    '    </properties>',
  ];
  for (const c of list) {
    lines.push(`    <testcase name="${x(`${c.id ? `${c.id} ` : ''}${c.slug}`)}" classname="cilium-report.diff" time="0">`);
    if (c.failures.length > 0) {
      lines.push(`      <failure message="${x(`${c.failures.length} new or worsened finding(s) at or above ${failOn}: ${c.failures[0]?.message ?? ''}`)}" type="${c.failures.some((f) => f.severity === 'error') ? 'error' : 'warning'}">${x(c.failures.map(line).join('\n'))}</failure>`);
    } else if (c.skipped !== null) {
      lines.push(`      <skipped message="${x(`lost visibility: ${c.skipped}`)}"></skipped>`);
    }
    if (c.out.length > 0) lines.push(`      <system-out>${x(c.out.join('\n'))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

/** XML text and attribute escaping; characters XML 1.0 cannot hold are replaced. */
function x(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
