import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { NodeListEntry } from '../../model/node-list.js';
import { asArray, asObject, asString, type LocatedJson } from './json.js';
import { splitClusterName } from './text.js';

/**
 * Reads `[]NodeElement` (`cilium node list -o json`, and `cilium-status.cluster.nodes` of debuginfo;
 * api/v1/models/node_element.go and node_addressing.go): `name`, `primary-address.ipv4|ipv6 {ip, alloc-range}`,
 * `health-endpoint-address`, `source`. Shared by the cilium-node-list parser and the cilium-debuginfo parser.
 */
export function nodeEntriesFromJson(value: unknown, json: LocatedJson, file: string): { entries: NodeListEntry[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const entries: NodeListEntry[] = [];
  const list = asArray(value);
  if (!list) {
    diagnostics.push({ file, line: json.lineOf(value), level: 'error', message: 'Invalid node list JSON: expected an array of nodes' });
    return { entries, diagnostics };
  }
  for (const item of list) {
    const o = asObject(item);
    const rawName = asString(o?.name);
    const n = json.lineOfKey(item, 'name');
    if (!o || !rawName) {
      diagnostics.push({ file, line: n, level: 'warning', message: 'Invalid node: missing `name`' });
      continue;
    }
    const primary = asObject(o['primary-address']);
    const v4 = asObject(primary?.ipv4);
    const v6 = asObject(primary?.ipv6);
    const health = asObject(o['health-endpoint-address']);
    const { name, cluster } = splitClusterName(rawName);
    entries.push({
      line: n,
      excerpt: excerptOf(n ? json.lineText(n) : ''),
      name,
      cluster,
      ipv4: address(v4?.ip),
      ipv6: address(v6?.ip),
      cidrs: [address(v4?.['alloc-range']), address(v6?.['alloc-range'])].filter((c): c is string => c !== null),
      healthIp: address(asObject(health?.ipv4)?.ip) ?? address(asObject(health?.ipv6)?.ip),
      source: asString(o.source) || null,
      ...cidrRef(json, v4 ?? v6),
    });
  }
  return { entries, diagnostics };
}

/** An address field; agents before 1.6 write `"<nil>"` for an absent one (cilium/cilium#7981). */
function address(value: unknown): string | null {
  const text = asString(value);
  return text && text !== '<nil>' ? text : null;
}

/** The `alloc-range` line of an address, so a CIDR finding can quote the CIDR itself. */
function cidrRef(json: LocatedJson, address: Record<string, unknown> | null): { cidrRef?: { line: number | null; excerpt: string } } {
  if (!address || !asString(address['alloc-range'])) return {};
  const line = json.lineOfKey(address, 'alloc-range');
  return line === null ? {} : { cidrRef: { line, excerpt: excerptOf(json.lineText(line)) } };
}
