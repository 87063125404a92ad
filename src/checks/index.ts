// The check registry (house style 11): an ordered import list, in catalog order. A test keeps it in step with the
// files in this folder and with the catalog in CONTRACT.md. Retired ids stay in catalog.ts as comments.
import agentMissing from './agent-missing.js';
import agentDegraded from './agent-degraded.js';
import controllersFailing from './controllers-failing.js';
import agentRestarts from './agent-restarts.js';
import versionSkew from './version-skew.js';
import configDrift from './config-drift.js';
import nodeViewMismatch from './node-view-mismatch.js';
import ciliumnodeOrphan from './ciliumnode-orphan.js';
import podCidrOverlap from './pod-cidr-overlap.js';
import podCidrMismatch from './pod-cidr-mismatch.js';
import ipamExhaustion from './ipam-exhaustion.js';
import nodeUnreachable from './node-unreachable.js';
import agentIsolated from './agent-isolated.js';
import healthPartition from './health-partition.js';
import healthAsymmetric from './health-asymmetric.js';
import healthLatency from './health-latency.js';
import endpointIpOutsideCidr from './endpoint-ip-outside-cidr.js';
import endpointIpDuplicate from './endpoint-ip-duplicate.js';
import endpointNotReady from './endpoint-not-ready.js';
import endpointStale from './endpoint-stale.js';
import serviceInconsistent from './service-inconsistent.js';
import serviceNoBackends from './service-no-backends.js';
import drops from './drops.js';
import logErrors from './log-errors.js';
import bundleGaps from './bundle-gaps.js';
import kernelVersionTooOld from './kernel-version-too-old.js';
import kernelConfigMissing from './kernel-config-missing.js';
import kernelVersionDrift from './kernel-version-drift.js';
import sysctlRpFilter from './sysctl-rp-filter.js';
import sysctlForwardingOff from './sysctl-forwarding-off.js';
import ipRulesMissing from './ip-rules-missing.js';
import deviceDown from './device-down.js';
import mtuMismatch from './mtu-mismatch.js';
import kprDevicesInvalid from './kpr-devices-invalid.js';
import cniConfigConflict from './cni-config-conflict.js';
import cniChainingMismatch from './cni-chaining-mismatch.js';
import podNotManaged from './pod-not-managed.js';
import kubeProxyLeftover from './kube-proxy-leftover.js';
import iptablesCiliumChainsMissing from './iptables-cilium-chains-missing.js';
import bpfMapFull from './bpf-map-full.js';
import ipsecErrors from './ipsec-errors.js';
import wireguardPeersMissing from './wireguard-peers-missing.js';
import kvstoreUnhealthy from './kvstore-unhealthy.js';
import nodeIpDuplicate from './node-ip-duplicate.js';
import endpointIpIsNodeIp from './endpoint-ip-is-node-ip.js';
import tunnelEndpointStale from './tunnel-endpoint-stale.js';
import configCombinationInvalid from './config-combination-invalid.js';
import serviceStaleFrontend from './service-stale-frontend.js';
import nodeMemoryPressure from './node-memory-pressure.js';
import agentFoldersImplausible from './agent-folders-implausible.js';
import clustermeshRemoteUnready from './clustermesh-remote-unready.js';
import podCidrRouteMissing from './pod-cidr-route-missing.js';
import type { CheckDefinition, MessageFn } from './define.js';

type AnyCheck = CheckDefinition<Record<string, MessageFn>, string>;

export const CHECKS: readonly AnyCheck[] = [
  agentMissing,
  agentDegraded,
  controllersFailing,
  agentRestarts,
  versionSkew,
  configDrift,
  nodeViewMismatch,
  ciliumnodeOrphan,
  podCidrOverlap,
  podCidrMismatch,
  ipamExhaustion,
  nodeUnreachable,
  agentIsolated,
  healthPartition,
  healthAsymmetric,
  healthLatency,
  endpointIpOutsideCidr,
  endpointIpDuplicate,
  endpointNotReady,
  endpointStale,
  serviceInconsistent,
  serviceNoBackends,
  drops,
  logErrors,
  bundleGaps,
  kernelVersionTooOld,
  kernelConfigMissing,
  kernelVersionDrift,
  sysctlRpFilter,
  sysctlForwardingOff,
  ipRulesMissing,
  deviceDown,
  mtuMismatch,
  kprDevicesInvalid,
  cniConfigConflict,
  cniChainingMismatch,
  podNotManaged,
  kubeProxyLeftover,
  iptablesCiliumChainsMissing,
  bpfMapFull,
  ipsecErrors,
  wireguardPeersMissing,
  kvstoreUnhealthy,
  nodeIpDuplicate,
  endpointIpIsNodeIp,
  tunnelEndpointStale,
  configCombinationInvalid,
  serviceStaleFrontend,
  nodeMemoryPressure,
  agentFoldersImplausible,
  clustermeshRemoteUnready,
  podCidrRouteMissing,
] as unknown as readonly AnyCheck[];
