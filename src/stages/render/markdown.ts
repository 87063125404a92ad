import type { Finding, Report } from '../../model/report.js';
import { visible } from './sanitise.js';
import { EVIDENCE_SHOWN, evidenceGroups, plural, view } from './view.js';

/** A GitHub comment holds 65,536 characters; the report stays under it unless `--md-full`. */
export const GITHUB_COMMENT_LIMIT = 65_536;

interface Budget {
  evidencePerFinding: number;
  timeline: number;
  findings: number;
  nodeRows: 'all' | 'flagged';
  /** Rows of the node table at most: past a few hundred it cannot fit a comment, and 50,000 rows take seconds. */
  maxNodeRows: number;
  diagnostics: number;
  appendix: 'all' | 'reported';
}

const BUDGETS: Budget[] = [
  { evidencePerFinding: 20, timeline: 60, findings: Infinity, nodeRows: 'all', maxNodeRows: 1000, diagnostics: 50, appendix: 'reported' },
  { evidencePerFinding: 5, timeline: 40, findings: Infinity, nodeRows: 'flagged', maxNodeRows: 500, diagnostics: 20, appendix: 'reported' },
  { evidencePerFinding: 2, timeline: 20, findings: 100, nodeRows: 'flagged', maxNodeRows: 200, diagnostics: 10, appendix: 'reported' },
  { evidencePerFinding: 1, timeline: 10, findings: 40, nodeRows: 'flagged', maxNodeRows: 100, diagnostics: 5, appendix: 'reported' },
  { evidencePerFinding: 1, timeline: 0, findings: 15, nodeRows: 'flagged', maxNodeRows: 50, diagnostics: 0, appendix: 'reported' },
];
const FULL: Budget = { evidencePerFinding: Infinity, timeline: Infinity, findings: Infinity, nodeRows: 'all', maxNodeRows: Infinity, diagnostics: Infinity, appendix: 'all' };

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
    for (const f of v.top) out.push(`1. **${f.severity}** [${f.id}](#${f.slug}) ${esc(f.message)}${f.explains?.length ? ` *(explains ${plural(f.explains.length, 'other finding')})*` : ''}`);
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
  // Causes first; their consequences and the info findings stay below the fold, each in its own <details>.
  let budget = b.findings;
  const section = (list: readonly Finding[]) => {
    const shown = list.slice(0, Math.max(0, budget));
    budget -= shown.length;
    for (const f of shown) for (const item of finding(f, b.evidencePerFinding, v.byKey)) out.push(item);
    return list.length - shown.length;
  };
  let omitted = section(v.groups.causes);
  if (v.groups.consequences.length > 0) {
    out.push(`<details><summary>Consequences of the causes above (${v.groups.consequences.length})</summary>`, '');
    omitted += section(v.groups.consequences);
    out.push('</details>', '');
  }
  if (v.groups.info.length > 0) {
    out.push(`<details><summary>Info (${v.groups.info.length})</summary>`, '');
    omitted += section(v.groups.info);
    out.push('</details>', '');
  }
  if (omitted > 0) out.push(`*${omitted} more findings omitted; see report.json or run with \`--md-full\`.*`, '');

  const t = report.timeline;
  if (t && t.entries.length > 0) {
    out.push('## Timeline', '', `${plural(t.entries.length, 'moment')} in UTC${t.omitted > 0 ? ` (${t.omitted} more left out)` : ''}. Collection time: ${esc(t.clock.utc ? `${t.clock.utc}, ${t.clock.basis}` : t.clock.basis)}.`, '');
    // The moments causes rest on come first when the table is cut, so a cut table still shows why.
    const shown = t.entries.length > b.timeline ? t.entries.filter((e) => e.causes.length > 0 || e.kind === 'collected').concat(t.entries.filter((e) => e.causes.length === 0 && e.kind !== 'collected')).slice(0, b.timeline) : t.entries;
    const keep = new Set(shown);
    if (shown.length > 0) {
      out.push('| time (UTC) | node | what | cause |', '| --- | --- | --- | --- |');
      for (const e of t.entries) {
        if (!keep.has(e)) continue;
        const cause = e.causes.map((k) => v.byKey.get(k)?.id ?? k).join(', ');
        const text = e.causes.length > 0 ? `**${esc(e.text)}**` : esc(e.text);
        out.push(`| ${timeOf(e.time)} | ${cell(e.node ?? '')} | ${text || ' '} | ${cause ? `${cause} ←` : ' '} |`);
      }
      out.push('');
    }
    if (shown.length < t.entries.length) out.push(`*${t.entries.length - shown.length} more moments omitted; see report.json or run with \`--md-full\`.*`, '');
  }

  const wanted = b.nodeRows === 'all' ? v.nodes : v.nodes.filter((r) => r.mismatch || r.findings > 0 || r.node.agent?.state !== 'ok');
  const rows = wanted.length > b.maxNodeRows ? wanted.slice(0, b.maxNodeRows) : wanted;
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
  if (rows.length < wanted.length) out.push(`*${v.nodes.length - rows.length} more nodes omitted; see report.json or run with \`--md-full\`.*`, '');
  else if (rows.length < v.nodes.length) out.push(`*${v.nodes.length - rows.length} nodes without findings omitted.*`, '');

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

function finding(f: Finding, maxEvidence: number, byKey: ReadonlyMap<string, Finding>): string[] {
  const out = [`### ${f.severity === 'error' ? '🔴' : f.severity === 'warning' ? '🟠' : '🔵'} ${f.id} ${esc(f.title)}`, '', esc(f.message), ''];
  if (f.nodes.length > 0) out.push(`Nodes: ${f.nodes.slice(0, 20).map(code).join(', ')}${f.nodes.length > 20 ? ` and ${f.nodes.length - 20} more` : ''}`, '');
  const cause = f.explainedBy ? byKey.get(f.explainedBy) : undefined;
  if (cause) out.push(`Consequence of ${cause.id} ${cause.nodes.length > 0 ? `on ${cause.nodes.slice(0, 3).map(code).join(', ')}` : 'in the cluster'}: ${esc(short(cause.message))}`, '');
  const effects = (f.explains ?? []).flatMap((k) => byKey.get(k) ?? []);
  if (effects.length > 0) out.push(`Explains: ${effects.slice(0, 10).map((e) => `${e.id} ${e.slug}${e.nodes.length > 0 ? ` on ${e.nodes.slice(0, 3).map(code).join(', ')}` : ''}`).join('; ')}${effects.length > 10 ? `; and ${effects.length - 10} more` : ''}`, '');
  for (const k of f.knowledge ?? []) {
    out.push(`**Known message:** ${esc(k.title)}. ${esc(k.meaning)}`, '', `**What to change:** ${esc(k.fix)}`, '');
    if (k.causes.length > 0) {
      for (const c of k.causes) out.push(`- ${esc(c)}`);
      out.push('');
    }
    out.push(`Sources: ${k.sources.map(esc).join('; ')}${k.affects ? ` · affects ${esc(k.affects)}` : ''}${k.fixedIn ? ` · fixed in ${esc(k.fixedIn)}` : ''}`, '');
  }
  const groups = evidenceGroups(f.evidence.slice(0, maxEvidence));
  out.push(`<details><summary>Evidence (${f.evidence.length})</summary>`, '');
  const place = (e: Finding['evidence'][number]) => `${code(e.file)}${e.line ? `:${e.line}` : ''}${e.note ? ` (${esc(e.note)})` : ''}`;
  const show = (g: (typeof groups)[number]) => {
    out.push(place(g.first), '', fence(g.first.excerpt), '');
    if (g.same.length > 0) out.push(`The same line in ${plural(g.same.length, 'more place')}: ${g.same.map(place).join(', ')}`, '');
  };
  groups.slice(0, EVIDENCE_SHOWN).forEach(show);
  const folded = groups.slice(EVIDENCE_SHOWN);
  if (folded.length > 0) {
    out.push(`<details><summary>${plural(folded.reduce((n, g) => n + 1 + g.same.length, 0), 'more evidence line')}</summary>`, '');
    folded.forEach(show);
    out.push('</details>', '');
  }
  if (f.evidence.length > maxEvidence) out.push(`*${f.evidence.length - maxEvidence} more omitted.*`, '');
  out.push('</details>', '', `[About ${f.slug}](#${f.slug})`, '');
  return out;
}

/** `2024-05-13T13:58:12.000Z` as `2024-05-13 13:58:12`. */
export function timeOf(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

/** The start of a message, to name a cause beside its consequence. */
function short(message: string): string {
  return message.length > 160 ? `${message.slice(0, 160)}…` : message;
}

/**
 * Text from the bundle as Markdown text: no emphasis, code, link, autolink, table break, HTML or entity comes
 * through. Only what can start markup inside a line is escaped, so the raw Markdown stays readable. Line breaks
 * become spaces, a lone CR too (CommonMark ends a line at one), so nothing can start a block; control and invisible
 * characters become visible escapes.
 */
export function esc(text: string): string {
  return visible(oneLine(text))
    .replace(/[\\`*_[\]|~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
    // At the start of a line these would open a heading, a list item, or underline the line before.
    .replace(/^([ \t]*)([#+=-])(?=[#=-]*(?:[ \t]|$))/, '$1\\$2')
    .replace(/^([ \t]*\d{1,9})([.)])(?=[ \t]|$)/, '$1\\$2');
}

/** Line endings as CommonMark reads them (`\r\n`, `\n` or a lone `\r`) turned into spaces. */
function oneLine(text: string): string {
  return text.replace(/\r\n?|\n/g, ' ');
}

/** The longest run of backticks in a text, without a regex match per run held at once. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96) {
      run++;
      if (run > longest) longest = run;
    } else run = 0;
  }
  return longest;
}

/** Text for a table cell. */
function cell(text: string): string {
  return esc(text) || ' ';
}

/** Inline code that no backtick in the text can close early. */
function code(raw: string): string {
  const text = visible(oneLine(raw));
  const ticks = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside it. */
function fence(raw: string, lang = ''): string {
  const text = visible(raw, { lines: true });
  const f = '`'.repeat(Math.max(2, longestBacktickRun(text)) + 1);
  return `${f}${lang}\n${text}\n${f}`;
}
