import type { AgentStatus } from '../../model/agent-status.js';
import type { Sourced } from '../../model/common.js';
import type { EndpointList } from '../../model/endpoint.js';
import type { HealthReport } from '../../model/health.js';
import type {
  CiliumConfig,
  CiliumEndpoint,
  CiliumIdentity,
  CiliumNode,
  EndpointSlice,
  K8sEvent,
  K8sNode,
  K8sService,
  K8sVersion,
  Pod,
} from '../../model/k8s.js';
import type { DebugInfo } from '../../model/debuginfo.js';
import type { CiliumVersion, Drop, IpListSummary, LogSummary, LrpEntry, SysdumpLog } from '../../model/misc.js';
import type { AgentConfig, BpfMapDump, CniConf, EncryptStatus, IpRules, Iptables, Routes, KernelConfig, KvstoreTroubleshoot, Links, Modules, Sysctls, Uname, XfrmStat } from '../../model/host.js';
import type { NodeUsage, PodRow } from '../../model/k8s.js';
import type { NodeList } from '../../model/node-list.js';
import type { MetricsList } from '../../parsers/cilium-metrics-list.js';
import type { ServiceList } from '../../model/service.js';


/** The record type each parser id produces: the normalise stage reads results through this map. */
export interface ParserOutputs {
  'cilium-status': AgentStatus;
  'cilium-debuginfo': DebugInfo;
  'cilium-version': CiliumVersion;
  'cilium-health-get': { uptime: string | null; load: string | null; status: AgentStatus | null };
  hostname: { name: string } & Sourced;
  'cilium-health-status': HealthReport;
  'cilium-node-list': NodeList;
  'cilium-endpoint-list': EndpointList;
  'cilium-service-list': ServiceList;
  'cilium-ip-list': IpListSummary;
  'cilium-lrp-list': LrpEntry[];
  'cilium-monitor': Drop[];
  'cilium-metrics-list': MetricsList;
  'cilium-bpf-metrics-list': Drop[];
  'hubble-flows': Drop[];
  'cilium-sysdump-log': SysdumpLog;
  'k8s-nodes': K8sNode[];
  'kubectl-get-nodes': K8sNode[];
  'k8s-pods': Pod[];
  'ciliumnodes': CiliumNode[];
  'kubectl-get-cn': CiliumNode[];
  'ciliumendpoints': CiliumEndpoint[];
  'ciliumidentities': CiliumIdentity[];
  'k8s-services': K8sService[];
  'k8s-endpointslices': EndpointSlice[];
  'k8s-version': K8sVersion;
  'k8s-events': K8sEvent[];
  'cilium-configmap': CiliumConfig;
  'agent-logs': LogSummary;
  uname: Uname;
  'kernel-config': KernelConfig;
  lsmod: Modules;
  sysctl: Sysctls;
  'ip-rule': IpRules;
  'ip-link': Links;
  'ip-addr': Links;
  'ip-route': Routes;
  'iptables-save': Iptables;
  'cilium-config': AgentConfig;
  'cilium-bpf-ct-list': BpfMapDump;
  'cilium-bpf-nat-list': BpfMapDump;
  'cilium-bpf-lb-list': BpfMapDump;
  'cilium-bpf-ipcache-list': BpfMapDump;
  'cilium-bpf-tunnel-list': BpfMapDump;
  'xfrm-stat': XfrmStat;
  'cilium-encrypt-status': EncryptStatus;
  'cni-conf': CniConf;
  'k8s-pods-table': PodRow[];
  'k8s-node-usage': NodeUsage[];
  'cilium-troubleshoot-kvstore': KvstoreTroubleshoot;
}

export type ParserId = keyof ParserOutputs;
