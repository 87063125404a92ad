import type { Finding, Report } from '../../model/report.js';
import { plural, view } from './view.js';

/** A GitHub comment holds 65,536 characters; the report stays under it unless `--md-full`. */
export const GITHUB_COMMENT_LIMIT = 65_536;

interface Budget {
  evidencePerFinding: number;
  findings: number;
  nodeRows: 'all' | 'flagged';
  diagnostics: number;
  appendix: 'all' | 'reported';
}

const BUDGETS: Budget[] = [
  { evidencePerFinding: 20, findings: Infinity, nodeRows: 'all', diagnostics: 50, appendix: 'reported' },
  { evidencePerFinding: 5, findings: Infinity, nodeRows: 'flagged', diagnostics: 20, appendix: 'reported' },
  { evidencePerFinding: 2, findings: 100, nodeRows: 'flagged', diagnostics: 10, appendix: 'reported' },
  { evidencePerFinding: 1, findings: 40, nodeRows: 'flagged', diagnostics: 5, appendix: 'reported' },
  { evidencePerFinding: 1, findings: 15, nodeRows: 'flagged', diagnostics: 0, appendix: 'reported' },
];
const FULL: Budget = { evidencePerFinding: Infinity, findings: Infinity, nodeRows: 'all', diagnostics: Infinity, appendix: 'all' };

/**
 * The report as GitHub-flavoured Markdown for postmortems: tables, and `<details>` for evidence. Every string from
 * the bundle is escaped, so nothing in it becomes a link, markup or HTML. Trimmed to fit a GitHub comment unless
 * `full`, saying what was left out.
 */
export function renderMarkdown(report: Report, options: { full?: boolean } = {}): string {
  if (options.full) return build(report, FULL);
  let text = '';
  for (const budget of BUDGETS) {
    text = build(report, budget);
    if (text.length <= GITHUB_COMMENT_LIMIT) return text;
  }
  return `${text.slice(0, GITHUB_COMMENT_LIMIT - 200)}\n\n…cut here to fit a GitHub comment; run with \`--md-full\` for the whole report.\n`;
}

function build(report: Report, b: Budget): string {
  const v = view(report);
  const out: string[] = [];
  out.push(`# ${esc(v.title)}`, '', `**${esc(v.verdict)}.**`, '');
  if (v.top.length > 0) {
    out.push('Look at these first:', '');
    for (const f of v.top) out.push(`1. **${f.severity}** [${f.id}](#${f.slug}) ${esc(f.message)}`);
    out.push('');
  }
  out.push('| | |', '| --- | --- |', ...v.summary.map((s) => `| ${s.label} | ${cell(s.value)}${s.warn ? ' ⚠️' : ''} |`), '');
  if (v.lacks.length > 0) {
    out.push('<details><summary>What the bundle lacks (' + v.lacks.length + ')</summary>', '');
    for (const l of v.lacks) out.push(`- ${esc(l)}`);
    out.push('', '</details>', '');
  }

  out.push(`## Findings (${report.findings.length})`, '');
  if (report.findings.length === 0) out.push('None.', '');
  const shown = report.findings.slice(0, b.findings);
  for (const f of shown) out.push(...finding(f, b.evidencePerFinding));
  if (report.findings.length > shown.length) out.push(`*${report.findings.length - shown.length} more findings omitted; see report.json or run with \`--md-full\`.*`, '');

  const rows = b.nodeRows === 'all' ? v.nodes : v.nodes.filter((r) => r.mismatch || r.findings > 0 || r.node.agent?.state !== 'ok');
  out.push(`## Nodes (${report.nodes.length})`, '');
  if (rows.length > 0) {
    out.push('| node | ready | pod CIDRs: Kubernetes | CiliumNode | agent | agent | version | state | kernel | devices (MTU) | findings |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const r of rows) {
      const n = r.node;
      out.push(
        `| ${cell(n.name)} | ${n.ready === null ? '?' : n.ready ? 'yes' : '**no**'} | ${cell(n.podCIDRs.kubernetes.join(', '))} | ${cell(n.podCIDRs.ciliumNode.join(', '))} | ${cell(n.podCIDRs.agent.join(', '))}${r.mismatch ? ' ⚠️' : ''} | ${cell(n.agent?.pod ?? '**none**')} | ${cell(n.agent?.version ?? '')} | ${n.agent?.state ?? ''} | ${cell(n.host?.kernel ?? '')} | ${cell((n.host?.devices ?? []).map((d) => `${d.name}${d.mtu !== null ? ` ${d.mtu}` : ''}${d.state && d.state !== 'UP' ? ` ${d.state}` : ''}`).join(', '))} | ${r.findings || ''} |`,
      );
    }
    out.push('');
  }
  if (rows.length < v.nodes.length) out.push(`*${v.nodes.length - rows.length} nodes without findings omitted.*`, '');

  if (v.health) {
    const h = v.health;
    out.push('## Health', '', `${plural(report.health.sources.length, 'agent')} reported probes to ${plural(h.total.destinations, 'node')}; ${plural(h.failedCells, 'observer → node pair')} with a failed probe.`, '');
    const failing = h.failingTo.map((count, d) => ({ d, count })).filter((x) => x.count > 0).sort((a, b) => b.count - a.count).slice(0, 20);
    if (failing.length > 0) {
      out.push('| destination | observers failing |', '| --- | --- |');
      for (const x of failing) out.push(`| ${cell(report.health.matrix?.nodes[x.d] ?? '')} | ${x.count} of ${report.health.sources.length} |`);
      out.push('');
    }
  }

  const d = report.details;
  if (d.drops.length > 0) {
    out.push('## Drops', '', '| node | reason | count |', '| --- | --- | --- |', ...d.drops.slice(0, 30).map((x) => `| ${cell(x.node)} | ${cell(x.reason)} | ${x.count} |`), '');
  }
  if (d.logSignatures.length > 0) {
    out.push('## Log errors', '', '| agent | level | count | signature |', '| --- | --- | --- | --- |', ...d.logSignatures.slice(0, 20).map((s) => `| ${cell(s.node ?? s.pod)} | ${s.level} | ${s.count} | ${cell(s.signature)} |`), '');
  }

  out.push('## Collection', '', `Files: ${Object.entries(d.ledger.counts).sort().map(([k, n]) => `${n} ${k}`).join(', ')}.`, '');
  if (report.diagnostics.length > 0 && b.diagnostics > 0) {
    out.push(`<details><summary>Diagnostics (${report.diagnostics.length})</summary>`, '');
    for (const x of report.diagnostics.slice(0, b.diagnostics)) out.push(`- ${x.level} ${code(x.file)}${x.line ? `:${x.line}` : ''}: ${esc(x.message)}`);
    if (report.diagnostics.length > b.diagnostics) out.push(`- *${report.diagnostics.length - b.diagnostics} more omitted*`);
    out.push('', '</details>', '');
  } else if (report.diagnostics.length > 0) {
    out.push(`*${plural(report.diagnostics.length, 'diagnostic')} omitted.*`, '');
  }

  const reported = new Set(report.findings.map((f) => f.slug));
  const appendix = b.appendix === 'all' ? report.catalog : report.catalog.filter((c) => reported.has(c.slug));
  if (appendix.length > 0) {
    out.push('## Checks', '');
    for (const c of appendix) {
      out.push(`### ${c.slug}`, '', `**${c.id}** ${esc(c.title)}. ${esc(c.docs.summary)}`, '', '<details><summary>Explanation, causes, how to verify</summary>', '');
      out.push(esc(c.docs.explanation), '', `**Consequences.** ${esc(c.docs.consequences)}`, '', '**Common causes**', '', ...c.docs.commonCauses.map((x) => `- ${esc(x)}`), '', '**Verify**', '', fence(c.docs.verify.join('\n'), 'sh'), '', '</details>', '');
    }
  }
  out.push(`---`, `*${esc(report.generator.name)} ${esc(report.generator.version)}, report schema ${report.schemaVersion}.*`, '');
  return out.join('\n');
}

function finding(f: Finding, maxEvidence: number): string[] {
  const out = [`### ${f.severity === 'error' ? '🔴' : f.severity === 'warning' ? '🟠' : '🔵'} ${f.id} ${esc(f.title)}`, '', esc(f.message), ''];
  if (f.nodes.length > 0) out.push(`Nodes: ${f.nodes.slice(0, 20).map(code).join(', ')}${f.nodes.length > 20 ? ` and ${f.nodes.length - 20} more` : ''}`, '');
  const shown = f.evidence.slice(0, maxEvidence);
  out.push(`<details><summary>Evidence (${f.evidence.length})</summary>`, '');
  for (const e of shown) {
    out.push(`${code(e.file)}${e.line ? `:${e.line}` : ''}${e.note ? ` (${esc(e.note)})` : ''}`, '', fence(e.excerpt), '');
  }
  if (f.evidence.length > shown.length) out.push(`*${f.evidence.length - shown.length} more omitted.*`, '');
  out.push('</details>', '', `[About ${f.slug}](#${f.slug})`, '');
  return out;
}

/**
 * Text from the bundle as Markdown text: no emphasis, code, link, autolink, table break, HTML or entity comes
 * through. Only what can start markup inside a line is escaped, so the raw Markdown stays readable.
 */
export function esc(text: string): string {
  return text
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
    .replace(/\r?\n/g, ' ');
}

/** Text for a table cell. */
function cell(text: string): string {
  return esc(text) || ' ';
}

/** Inline code that no backtick in the text can close early. */
function code(text: string): string {
  const run = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(run + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function fence(text: string, lang = ''): string {
  const run = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(run + 1);
  return `${f}${lang}\n${text}\n${f}`;
}
