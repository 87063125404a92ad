import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { AgentService, ServiceBackend } from '../../model/service.js';
import { get, int, str } from './k8s.js';
import { asArray, asNumber, asObject, asString, type LocatedJson } from './json.js';

/**
 * Reads `[]Service` (debuginfo `service-list`, `cilium service list -o json`; api/v1/models/service.go,
 * frontend_address.go, backend_address.go): `spec {id, frontend-address {ip, port, protocol}, backend-addresses[]
 * {ip, port, state, nodeName}, type, flags {name, namespace, …}}`. Shared by the cilium-service-list parser and the
 * cilium-debuginfo parser.
 */
export function servicesFromJson(value: unknown, json: LocatedJson, file: string): { services: AgentService[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const services: AgentService[] = [];
  const list = asArray(value);
  if (!list) {
    diagnostics.push({ file, line: json.lineOf(value), level: 'error', message: 'Invalid service list JSON: expected an array' });
    return { services, diagnostics };
  }
  for (const s of list) {
    const spec = asObject(get(s, 'spec'));
    const id = int(spec, 'id');
    const fe = asObject(spec?.['frontend-address']);
    // The frontend's address line says which service the record is; the object's own line is only a brace.
    const n = json.lineOfKey(fe, 'ip') ?? json.lineOf(s);
    if (!spec || id === null || !fe) {
      diagnostics.push({ file, line: n, level: 'warning', message: 'Invalid service: missing `spec.id` or `spec.frontend-address`' });
      continue;
    }
    const backends: ServiceBackend[] = (asArray(spec['backend-addresses']) ?? []).flatMap((b) => {
      const o = asObject(b);
      if (!o) return [];
      const bn = json.lineOf(o);
      return [{ address: hostPort(asString(o.ip) ?? '', asNumber(o.port)), state: asString(o.state) ?? null, line: bn }];
    });
    const namespace = str(spec, 'flags', 'namespace');
    const name = str(spec, 'flags', 'name');
    services.push({
      line: n,
      excerpt: excerptOf(n ? json.lineText(n) : ''),
      id,
      frontend: hostPort(asString(fe.ip) ?? '', asNumber(fe.port)),
      type: str(spec, 'flags', 'type') ?? str(spec, 'type') ?? 'unknown',
      backends,
      name: name ? (namespace ? `${namespace}/${name}` : name) : null,
    });
  }
  return { services, diagnostics };
}

/** `10.0.0.1:80`, `[fd00::1]:80`, as the text form prints them. */
export function hostPort(ip: string, port: number | null): string {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return port === null ? host : `${host}:${port}`;
}
