import type { Evidence } from '../model/common.js';
import type { BpfMapDump } from '../model/host.js';
import { defineCheck, evidence, evidenceOf } from './define.js';
import { configValue, nodeAgents, type NodeAgent, type Setting } from './util-host.js';
import type { Bundle } from '../model/bundle.js';

/** A map's size setting: cilium-config key and DaemonConfig field (pkg/option/config.go), by map name prefix. */
const SIZES: readonly { map: RegExp; key: string; field: string; what: string }[] = [
  { map: /^cilium_ct[46]_global$/, key: 'bpf-ct-global-tcp-max', field: 'CTMapEntriesGlobalTCP', what: 'TCP connections cannot be tracked: new ones are dropped (CT: Map insertion failed)' },
  { map: /^cilium_ct_any[46]_global$/, key: 'bpf-ct-global-any-max', field: 'CTMapEntriesGlobalAny', what: 'UDP and ICMP flows cannot be tracked: new ones are dropped (CT: Map insertion failed)' },
  { map: /^cilium_snat_v[46]_external$/, key: 'bpf-nat-global-max', field: 'NATMapEntriesGlobal', what: 'masqueraded and NodePort connections get no NAT entry and are dropped (No mapping for NAT masquerade)' },
  { map: /^cilium_lb[46]_(services_v2|backends_v[23]|reverse_nat)$/, key: 'bpf-lb-map-max', field: 'LBMapEntries', what: 'new services or backends cannot be programmed: the agent logs errors and clients reach stale backends' },
  { map: /^cilium_policy/, key: 'bpf-policy-map-max', field: 'PolicyMapEntries', what: 'policy entries cannot be added: traffic that policy allows is dropped (Policy denied)' },
];

/** The map name a dump stands for, and the size field that applies to its entries. */
function dumpMaps(d: BpfMapDump): { map: string; entries: number }[] {
  if (d.map === 'ct') return [{ map: 'cilium_ct4_global', entries: d.byKind['ipv4-tcp'] ?? 0 }, { map: 'cilium_ct_any4_global', entries: d.byKind['ipv4-any'] ?? 0 }, { map: 'cilium_ct6_global', entries: d.byKind['ipv6-tcp'] ?? 0 }, { map: 'cilium_ct_any6_global', entries: d.byKind['ipv6-any'] ?? 0 }];
  if (d.map === 'nat') return [{ map: 'cilium_snat_v4_external', entries: d.byKind.ipv4 ?? 0 }, { map: 'cilium_snat_v6_external', entries: d.byKind.ipv6 ?? 0 }];
  if (d.map === 'lb') return [{ map: 'cilium_lb4_services_v2', entries: d.entries }];
  return [];
}

function sizeOf(bundle: Bundle, agent: NodeAgent, map: string): { setting: Setting; size: number; what: string } | null {
  const s = SIZES.find((x) => x.map.test(map));
  if (!s) return null;
  // The agent's own value first: dynamic sizing (bpf-map-dynamic-size-ratio) makes it differ from the ConfigMap.
  const own = agent.host.config?.values[s.field];
  const setting: Setting | null = own && agent.host.config ? { key: s.field, value: own.value, evidence: evidence(agent.host.config.file, own.line, own.excerpt), from: 'agent' } : configValue(bundle, agent, s.key);
  const size = setting ? Number(setting.value) : Number.NaN;
  return setting && Number.isFinite(size) && size > 0 ? { setting, size, what: s.what } : null;
}

export default defineCheck({
  id: 'CR-6051',
  slug: 'bpf-map-full',
  title: 'BPF map full or nearly full',
  impact: 'datapath',
  defaultSeverity: 'error',
  messageSeverity: { nearlyFull: 'warning' },
  needs: ['agents.maps'],
  thresholds: {
    warnPercent: { default: 90, description: 'a map at least this full (percent) is reported as a warning' },
    errorPercent: { default: 100, description: 'a map at least this full (percent) is reported as an error' },
  },
  messages: {
    full: (d: { node: string; map: string; percent: string; how: string; consequence: string; size: string; key: string }) =>
      `BPF map ${d.map} on node ${d.node} is full (${d.percent}%, ${d.how}): ${d.consequence}. Raise ${d.key}${d.size}, or find what fills it (a connection flood, short-lived connections, a scan)`,
    nearlyFull: (d: { node: string; map: string; percent: string; how: string; consequence: string; size: string; key: string }) =>
      `BPF map ${d.map} on node ${d.node} is ${d.percent}% full (${d.how}); once full, ${d.consequence}. Raise ${d.key}${d.size}, or find what fills it`,
  },
  docs: {
    summary: 'A node whose connection tracking, NAT, load-balancing or policy BPF map is at or near its configured size.',
    explanation:
      'The fill of each map comes from `cilium_bpf_map_pressure{map_name=…}` in `cilium metrics list` (a ratio, 1.0 is full) and, where the metric is missing, from the entries of `cilium bpf ct list global`, `bpf nat list` and `bpf lb list` (counted per family and protocol) against the size the agent uses: its `cilium config -a` (`CTMapEntriesGlobalTCP`, `CTMapEntriesGlobalAny`, `NATMapEntriesGlobal`, `LBMapEntries`, `PolicyMapEntries`; with dynamic sizing these follow the node\'s memory) or the cilium-config keys `bpf-ct-global-tcp-max`, `bpf-ct-global-any-max`, `bpf-nat-global-max`, `bpf-lb-map-max`, `bpf-policy-map-max`.',
    consequences: 'A full CT map drops new connections with "CT: Map insertion failed"; a full NAT map drops masqueraded and NodePort traffic; a full LB map leaves services unprogrammed; a full policy map drops allowed traffic. On kernels before 5.x the garbage collector may also fall behind under churn, which looks the same.',
    commonCauses: ['Dynamic map sizing on small nodes (bpf-map-dynamic-size-ratio × node memory) giving maps too small for the traffic', 'Connection floods or scans, short-lived UDP flows (DNS) piling up in the CT map', 'Many services or backends (bpf-lb-map-max defaults to 65536) or large identity counts hitting bpf-policy-map-max'],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg metrics list | grep map_pressure', 'kubectl -n kube-system exec <agent> -- cilium-dbg bpf ct list global | wc -l', 'kubectl -n kube-system exec <agent> -- cilium-dbg config -a | grep -i mapentries', 'kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose | sed -n \'/BPF Maps/,/^[A-Z]/p\''],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const seen = new Set<string>();
      const report = (map: string, ratio: number, how: string, at: Evidence[]) => {
        const percent = ratio * 100;
        if (percent < ctx.thresholds.warnPercent || seen.has(map)) return;
        seen.add(map);
        const size = sizeOf(bundle, agent, map);
        const entry = SIZES.find((x) => x.map.test(map));
        ctx.report({
          messageId: percent >= ctx.thresholds.errorPercent ? 'full' : 'nearlyFull',
          data: { node: agent.node, map, percent: percent >= 99.95 && percent < 100 ? percent.toFixed(2) : percent.toFixed(0), how, consequence: entry?.what ?? 'new entries cannot be added', size: size ? ` (now ${size.size} on this node)` : '', key: entry?.key ?? 'the map\'s size' },
          nodes: [agent.node],
          evidence: [...at, ...(size?.setting.evidence ? [size.setting.evidence] : [])],
        });
      };
      for (const p of agent.host.mapPressure ?? []) report(p.map, p.value, `map pressure ${p.value}`, [evidenceOf(p)]);
      // Where the agent exports the map's pressure, that is the measure; the dumps count only the others.
      const measured = new Set((agent.host.mapPressure ?? []).map((p) => p.map));
      for (const d of agent.host.maps) {
        for (const { map, entries } of dumpMaps(d)) {
          if (entries === 0 || seen.has(map) || measured.has(map)) continue;
          const size = sizeOf(bundle, agent, map);
          if (!size) continue;
          report(map, entries / size.size, `${entries} entries in ${/[^/]+$/.exec(d.file)?.[0]} for a size of ${size.size}`, [evidence(d.file, null, `${entries} ${map} entries`)]);
        }
      }
    }
  },
});
