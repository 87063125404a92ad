// The parser registry (house style 11): an ordered import list. A test checks that every parser file is listed
// and that no two parsers of one scope claim the same file.
import { agentLogs } from './agent-logs.js';
import { ciliumConfigmap } from './cilium-configmap.js';
import { ciliumDebuginfo } from './cilium-debuginfo.js';
import { ciliumEndpointListJson, ciliumEndpointListText } from './cilium-endpoint-list.js';
import { ciliumHealthGet } from './cilium-health-get.js';
import { ciliumHealthStatusJson, ciliumHealthStatusText } from './cilium-health-status.js';
import { ciliumIpListJson, ciliumIpListText } from './cilium-ip-list.js';
import { ciliumLrpList } from './cilium-lrp-list.js';
import { ciliumMetricsList } from './cilium-metrics-list.js';
import { ciliumMonitor } from './cilium-monitor.js';
import { ciliumNodeListJson, ciliumNodeListText } from './cilium-node-list.js';
import { ciliumServiceListJson, ciliumServiceListText } from './cilium-service-list.js';
import { ciliumStatus } from './cilium-status.js';
import { ciliumSysdumpLog } from './cilium-sysdump-log.js';
import { ciliumVersion } from './cilium-version.js';
import { ciliumEndpoints } from './ciliumendpoints.js';
import { ciliumIdentities } from './ciliumidentities.js';
import { ciliumNodes } from './ciliumnodes.js';
import type { Parser } from './define.js';
import { hostname } from './hostname.js';
import { hubbleFlows } from './hubble-flows.js';
import { k8sEndpointSlices } from './k8s-endpointslices.js';
import { k8sEvents } from './k8s-events.js';
import { k8sNodes } from './k8s-nodes.js';
import { k8sPods } from './k8s-pods.js';
import { k8sServices } from './k8s-services.js';
import { k8sVersion } from './k8s-version.js';
import { kubectlCiliumNodes, kubectlNodesWide } from './kubectl-tables.js';
import { ciliumBpfCtList, ciliumBpfIpcacheList, ciliumBpfLbList, ciliumBpfNatList, ciliumBpfTunnelList } from './cilium-bpf-list.js';
import { ciliumConfig } from './cilium-config.js';
import { ciliumEncryptStatus } from './cilium-encrypt-status.js';
import { ciliumTroubleshootKvstore } from './cilium-troubleshoot-kvstore.js';
import { cniConf } from './cni-conf.js';
import { ipAddr, ipLink } from './ip-link.js';
import { ipRoute } from './ip-route.js';
import { ipRule } from './ip-rule.js';
import { iptablesSave } from './iptables-save.js';
import { k8sNodeUsage } from './k8s-node-usage.js';
import { k8sPodsTable } from './k8s-pods-table.js';
import { kernelConfig } from './kernel-config.js';
import { lsmod } from './lsmod.js';
import { sysctl } from './sysctl.js';
import { uname } from './uname.js';
import { xfrmStat } from './xfrm-stat.js';

export const PARSERS: readonly Parser[] = [
  ciliumStatus,
  ciliumHealthGet,
  ciliumDebuginfo,
  ciliumVersion,
  hostname,
  ciliumHealthStatusText,
  ciliumHealthStatusJson,
  ciliumNodeListText,
  ciliumNodeListJson,
  ciliumEndpointListText,
  ciliumEndpointListJson,
  ciliumServiceListText,
  ciliumServiceListJson,
  ciliumIpListText,
  ciliumIpListJson,
  ciliumLrpList,
  ciliumMonitor,
  ciliumMetricsList,
  hubbleFlows,
  ciliumSysdumpLog,
  k8sVersion,
  k8sNodes,
  k8sPods,
  ciliumNodes,
  ciliumEndpoints,
  ciliumIdentities,
  k8sServices,
  k8sEndpointSlices,
  k8sEvents,
  ciliumConfigmap,
  kubectlNodesWide,
  kubectlCiliumNodes,
  agentLogs,
  uname,
  kernelConfig,
  lsmod,
  sysctl,
  ipRule,
  ipLink,
  ipAddr,
  ipRoute,
  iptablesSave,
  ciliumConfig,
  ciliumBpfCtList,
  ciliumBpfNatList,
  ciliumBpfLbList,
  ciliumBpfIpcacheList,
  ciliumBpfTunnelList,
  xfrmStat,
  ciliumEncryptStatus,
  cniConf,
  k8sPodsTable,
  k8sNodeUsage,
  ciliumTroubleshootKvstore,
] as readonly Parser[];
