// `cilium node list` (cilium/cmd/node_list.go ≤1.14, cilium-dbg/cmd/node_list.go 1.15+), read at v1.10.6, v1.14.0,
// v1.15.0 and v1.18.0: a tab-aligned table `Name  IPv4 Address  Endpoint CIDR  IPv6 Address  Endpoint CIDR`, plus a
// `Source` column since 1.15. Empty columns print nothing, so rows are read by the shape of their tokens, not by
// column offsets (real outputs are often misaligned, filtered by grep or pasted onto one line).
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { NodeList, NodeListEntry } from '../model/node-list.js';
import { defineParser } from './define.js';
import { parseJsonWithLines } from './util/json.js';
import { nodeEntriesFromJson } from './util/node-json.js';
import { isNoise, LineAccount, outputLines, splitClusterName } from './util/text.js';

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-fA-F]*:[0-9a-fA-F:.]*$/;
const CIDR = /^[0-9a-fA-F.:]+\/\d{1,3}$/;
const REDACTED_IP = /^\d+\.(?:x+|\d+)\.(?:x+|\d+)\.(?:x+|\d+)$/;
const SOURCES = new Set(['local', 'custom-resource', 'kvstore', 'clustermesh', 'restored', 'unspec', 'kubernetes', 'generated']);
const HEADER = /^Name\s+IPv4 Address\s+Endpoint CIDR/;

export const ciliumNodeListText = defineParser<NodeList>({
  id: 'cilium-node-list',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-node-list\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const entries: NodeListEntry[] = [];
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    lines.text.forEach((line, i) => {
      const n = i + 1;
      const raw = lines.raw[i] as string;
      const t = line.trim();
      if (isNoise(t)) return;
      if (t === '...') {
        account.take(n);
        return;
      }
      const headerAt = t.search(/Name\s+IPv4 Address\s+Endpoint CIDR/);
      if (headerAt >= 0) {
        account.take(n);
        // A collapsed paste puts the header and every row on one line: read the rows after the header.
        const after = t.slice(headerAt).replace(/^Name\s+IPv4 Address\s+Endpoint CIDR\s+IPv6 Address\s+Endpoint CIDR(\s+Source)?/, '').replace(HEADER, '');
        if (after.trim() !== '') for (const item of rowsOf(after.trim(), n, raw, diagnostics, file)) entries.push(item);
        return;
      }
      const rows = rowsOf(t, n, raw, diagnostics, file);
      if (rows.length > 0) account.take(n);
      for (const item of rows) entries.push(item);
    });
    if (entries.length === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'Missing node rows: expected `<name> <IPv4> <CIDR>` rows' });
      return account.none(diagnostics);
    }
    return account.result({ file, format: 'text', self: null, entries }, diagnostics);
  },
});

/**
 * Reads one or more rows from a run of tokens: a name, then addresses and CIDRs, then an optional source. Agents
 * before 1.6 print `<nil>` for an absent address (Go's `net.IP(nil).String()`; cilium/cilium#7981): it fills its
 * column and is never a name.
 */
function rowsOf(text: string, n: number, raw: string, diagnostics: Diagnostic[], file: string): NodeListEntry[] {
  const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ t: m[0], at: m.index ?? 0 }));
  const out: NodeListEntry[] = [];
  let i = 0;
  const offset = raw.indexOf(text);
  const isField = (t: string) => isAddress(t) || CIDR.test(t) || t === NIL;
  while (i < tokens.length) {
    const nameToken = tokens[i] as { t: string; at: number };
    if (isField(nameToken.t)) {
      // A row with an empty Name column (a node the agent knows only by its CIDRs: cilium/cilium#27718).
      let j = i;
      while (j < tokens.length && isField((tokens[j] as { t: string }).t)) j++;
      const fields = tokens.slice(i, j).map((x) => x.t);
      diagnostics.push({ file, line: n, level: 'warning', message: `Node row without a name: "${excerptOf(fields.join(' '), 0, 80)}"; skipped` });
      i = j;
      if (i < tokens.length && SOURCES.has((tokens[i] as { t: string }).t)) i++;
      continue;
    }
    const fields: string[] = [];
    let j = i + 1;
    while (j < tokens.length && isField((tokens[j] as { t: string }).t)) fields.push((tokens[j++] as { t: string }).t);
    let source: string | null = null;
    if (j < tokens.length && SOURCES.has((tokens[j] as { t: string }).t)) source = (tokens[j++] as { t: string }).t;
    const values = fields.filter((f) => f !== NIL);
    if (values.length === 0) {
      diagnostics.push({ file, line: n, level: 'warning', message: `Invalid node row "${excerptOf(text, 0, 80)}": no address after "${nameToken.t}"` });
      i = j;
      continue;
    }
    const end = j < tokens.length ? (tokens[j] as { at: number }).at : text.length;
    const { name, cluster } = splitClusterName(nameToken.t);
    out.push({
      line: n,
      excerpt: excerptOf(raw, offset + nameToken.at, offset + end),
      name,
      cluster,
      ipv4: values.find((f) => IPV4.test(f) || REDACTED_IP.test(f)) ?? null,
      ipv6: values.find((f) => IPV6.test(f) && !CIDR.test(f)) ?? null,
      cidrs: values.filter((f) => CIDR.test(f)),
      healthIp: null,
      source,
    });
    i = j;
  }
  return out;
}

const NIL = '<nil>';

function isAddress(t: string): boolean {
  return IPV4.test(t) || REDACTED_IP.test(t) || (IPV6.test(t) && t.includes(':') && !CIDR.test(t));
}

export const ciliumNodeListJson = defineParser<NodeList>({
  id: 'cilium-node-list',
  scope: 'agent',
  format: 'json',
  preference: 20,
  files: [/^cmd\/cilium(-dbg)?-node-list--o-json\.md$/],
  parse(text, file) {
    const json = parseJsonWithLines(text, file);
    if (json.value === undefined) return { data: null, diagnostics: json.diagnostics };
    const { entries, diagnostics } = nodeEntriesFromJson(json.value, json, file);
    return { data: { file, format: 'json', self: null, entries }, diagnostics: [...json.diagnostics, ...diagnostics] };
  },
});
