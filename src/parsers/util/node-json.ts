import type { Diagnostic } from '../../model/common.js';
import type { NodeListEntry } from '../../model/node-list.js';
import type { LocatedJson } from './json.js';

/**
 * Reads `[]NodeElement` (`cilium node list -o json`, and `cilium-status.cluster.nodes` of debuginfo):
 * `name`, `primary-address.ipv4|ipv6 {ip, alloc-range}`, `health-endpoint-address`, `source`.
 * Shared by the cilium-node-list parser and the cilium-debuginfo parser.
 */
export function nodeEntriesFromJson(value: unknown, json: LocatedJson, file: string): { entries: NodeListEntry[]; diagnostics: Diagnostic[] } {
  // Implemented with the cilium-node-list parser.
  void value;
  void json;
  void file;
  return { entries: [], diagnostics: [] };
}
