import type { Diagnostic } from '../../model/common.js';
import type { AgentService } from '../../model/service.js';
import type { LocatedJson } from './json.js';

/**
 * Reads `[]Service` (debuginfo `service-list`, `cilium service list -o json`):
 * `spec {id, frontend-address, backend-addresses[], type, flags}`.
 * Shared by the cilium-service-list parser and the cilium-debuginfo parser.
 */
export function servicesFromJson(value: unknown, json: LocatedJson, file: string): { services: AgentService[]; diagnostics: Diagnostic[] } {
  // Implemented with the cilium-service-list parser.
  void value;
  void json;
  void file;
  return { services: [], diagnostics: [] };
}
