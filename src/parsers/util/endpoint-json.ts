import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { AgentEndpoint } from '../../model/endpoint.js';
import { get, int, str, strings } from './k8s.js';
import { asArray, asObject, asString, type LocatedJson } from './json.js';

/**
 * Reads `[]Endpoint` (debuginfo `endpoint-list`, `cilium endpoint list -o json`, `cilium endpoint get`;
 * api/v1/models/endpoint.go, endpoint_status.go): `id`, `status.identity {id, labels}`,
 * `status.networking.addressing[] {ipv4, ipv6}`, `status.state`, `status.external-identifiers`, and the realized
 * policy enforcement. Shared by the cilium-endpoint-list parser and the cilium-debuginfo parser.
 */
export function endpointsFromJson(value: unknown, json: LocatedJson, file: string): { items: AgentEndpoint[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const items: AgentEndpoint[] = [];
  const list = asArray(value);
  if (!list) {
    diagnostics.push({ file, line: json.lineOf(value), level: 'error', message: 'Invalid endpoint list JSON: expected an array' });
    return { items, diagnostics };
  }
  for (const e of list) {
    const id = int(e, 'id');
    const n = json.lineOfKey(e, 'id');
    if (id === null) {
      diagnostics.push({ file, line: n, level: 'warning', message: 'Invalid endpoint: missing `id`' });
      continue;
    }
    const addressing = (asArray(get(e, 'status', 'networking', 'addressing')) ?? []).map(asObject);
    const ext = asObject(get(e, 'status', 'external-identifiers'));
    const podName = asString(ext?.['pod-name']) || (asString(ext?.['k8s-namespace']) && asString(ext?.['k8s-pod-name']) ? `${ext?.['k8s-namespace']}/${ext?.['k8s-pod-name']}` : null);
    const enforcement = str(e, 'status', 'policy', 'realized', 'policy-enabled');
    items.push({
      src: { file, line: n },
      excerpt: excerptOf(n ? json.lineText(n) : ''),
      id,
      identity: int(e, 'status', 'identity', 'id'),
      labels: strings(e, 'status', 'identity', 'labels'),
      ipv4: addressing.map((a) => asString(a?.ipv4)).find(Boolean) ?? null,
      ipv6: addressing.map((a) => asString(a?.ipv6)).find(Boolean) ?? null,
      state: str(e, 'status', 'state'),
      pod: podName || null,
      policyIngress: enforcement ? (/ingress|both/.test(enforcement) ? 'Enabled' : 'Disabled') : null,
      policyEgress: enforcement ? (/egress|both/.test(enforcement) ? 'Enabled' : 'Disabled') : null,
    });
  }
  return { items, diagnostics };
}
