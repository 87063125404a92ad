// `cilium endpoint list` (cilium/cmd/endpoint_list.go ≤1.14, cilium-dbg/cmd/endpoint_list.go 1.15+), read at
// v1.13.0, v1.15.0 and v1.18.0; bugtool runs it from 1.13 (earlier versions: debuginfo JSON only). Two header rows
// (`ENDPOINT  POLICY (ingress)  POLICY (egress)  IDENTITY  LABELS (source:key[=value])  IPv6  IPv4  STATUS`, then
// `ENFORCEMENT  ENFORCEMENT`), one row per endpoint and continuation rows with one more label each. Pre-1.0
// outputs lack the policy columns. Rows are read by token shape: empty IPv6/IPv4 columns print nothing.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { AgentEndpoint, EndpointList } from '../model/endpoint.js';
import { defineParser } from './define.js';
import { endpointsFromJson } from './util/endpoint-json.js';
import { parseJsonWithLines } from './util/json.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

const POLICY = String.raw`(?:Enabled|Disabled)(?: \(Audit\))?|\S+`;
const ROW = new RegExp(String.raw`^(\d+)\s+(${POLICY})\s{2,}(${POLICY})\s{2,}(\d+|<no label id>)\s*(.*)$`);
/** Pre-1.0 rows: no policy columns, or one `Enabled`/`Disabled` column before the identity. */
const OLD_ROW = /^(\d+)\s+(?:(?:Enabled|Disabled)\s+)?(\d+|<no label id>)\s*(.*)$/;
const LABEL = /^(k8s|reserved|container|unspec|any|cidr|fqdn|cni|kvstore|k8s-prefix):\S*$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-fA-F]*:[0-9a-fA-F:]+$/;
const STATES = new Set(['ready', 'waiting-for-identity', 'not-ready', 'regenerating', 'waiting-to-regenerate', 'disconnecting', 'disconnected', 'restoring', 'invalid', 'creating']);

export const ciliumEndpointListText = defineParser<EndpointList>({
  id: 'cilium-endpoint-list',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-endpoint-list\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const items: AgentEndpoint[] = [];
    let last: AgentEndpoint | null = null;
    // CI logs prefix every line (`00:24:45 ==> vm-name: `): the shared prefix rule takes it off.
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    lines.text.forEach((line, i) => {
      const n = i + 1;
      const raw = lines.raw[i] as string;
      const t = line.trim();
      if (isNoise(t)) return;
      if (t === '...' || /^ENDPOINT\s/.test(t) || /^ENFORCEMENT\s/.test(t)) {
        account.take(n);
        return;
      }
      const m = ROW.exec(t);
      const old = m ? null : OLD_ROW.exec(t);
      if (m || old) {
        account.take(n);
        const rest = (m ? m[5] : old?.[3]) ?? '';
        const tokens = rest.split(/\s+/).filter(Boolean);
        const labels = tokens.filter((x) => LABEL.test(x));
        const identity = (m ? m[4] : old?.[2]) ?? '';
        last = {
          src: { file, line: n },
          excerpt: excerptOf(raw),
          id: Number(m ? m[1] : old?.[1]),
          identity: /^\d+$/.test(identity) ? Number(identity) : null,
          labels,
          ipv4: tokens.find((x) => IPV4.test(x)) ?? null,
          ipv6: tokens.find((x) => IPV6.test(x) && !LABEL.test(x)) ?? null,
          state: tokens.find((x) => STATES.has(x)) ?? null,
          pod: null,
          policyIngress: m ? (m[2] as string) : null,
          policyEgress: m ? (m[3] as string) : null,
        };
        items.push(last);
        return;
      }
      const more = t.split(/\s+/).filter((x) => LABEL.test(x));
      if (last && more.length > 0 && /^\s/.test(line)) {
        account.take(n);
        for (const item of more) (last as AgentEndpoint).labels.push(item);
        return;
      }
      diagnostics.push({ file, line: n, level: 'warning', message: `Unknown endpoint row "${excerptOf(t, 0, 80)}"` });
    });
    if (items.length === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'Missing endpoint rows: expected `<id> <policy> <policy> <identity> <labels>` rows' });
      return account.none(diagnostics);
    }
    return account.result({ file, format: 'text', items }, diagnostics);
  },
});

export const ciliumEndpointListJson = defineParser<EndpointList>({
  id: 'cilium-endpoint-list',
  scope: 'agent',
  format: 'json',
  preference: 20,
  files: [/^cmd\/cilium(-dbg)?-endpoint-list--o-json\.md$/],
  parse(text, file) {
    const json = parseJsonWithLines(text, file);
    if (json.value === undefined) return { data: null, diagnostics: json.diagnostics };
    const { items, diagnostics } = endpointsFromJson(json.value, json, file);
    return { data: { file, format: 'json', items }, diagnostics: [...json.diagnostics, ...diagnostics] };
  },
});
