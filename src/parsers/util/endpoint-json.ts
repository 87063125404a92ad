import type { Diagnostic } from '../../model/common.js';
import type { AgentEndpoint } from '../../model/endpoint.js';
import type { LocatedJson } from './json.js';

/**
 * Reads `[]Endpoint` (debuginfo `endpoint-list`, `cilium endpoint list -o json`, `cilium endpoint get`).
 * Shared by the cilium-endpoint-list parser and the cilium-debuginfo parser.
 */
export function endpointsFromJson(value: unknown, json: LocatedJson, file: string): { items: AgentEndpoint[]; diagnostics: Diagnostic[] } {
  // Implemented with the cilium-endpoint-list parser.
  void value;
  void json;
  void file;
  return { items: [], diagnostics: [] };
}
