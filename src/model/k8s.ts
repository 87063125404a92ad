import { z } from 'zod';
import { LineRefSchema, SourcedSchema } from './common.js';

/** A Kubernetes Node from `k8s-nodes-<ts>.yaml` (or a `kubectl get nodes -o wide` table). */
export const K8sNodeSchema = SourcedSchema.extend({
  name: z.string(),
  internalIP: z.string().nullable(),
  /** All InternalIP addresses (dual-stack nodes have two). */
  internalIPs: z.array(z.string()),
  ready: z.boolean().nullable(),
  podCIDRs: z.array(z.string()),
  labels: z.record(z.string(), z.string()),
  /** `topology.kubernetes.io/zone` (or the older failure-domain label). */
  zone: z.string().nullable(),
  kubeletVersion: z.string().nullable(),
  /** Lines of the `podCIDRs`/`podCIDR` field, for evidence. */
  podCIDRsSrc: SourcedSchema.nullable(),
});
export type K8sNode = z.infer<typeof K8sNodeSchema>;

/** One state of a container (`state` or `lastState` of a core/v1 ContainerStatus). */
export const ContainerStateSchema = z.object({
  kind: z.enum(['running', 'waiting', 'terminated']),
  /** `CrashLoopBackOff`, `OOMKilled`, `Error`, `Completed`, … */
  reason: z.string().nullable(),
  /** The waiting or termination message (bounded); a crashed container's last words when the kubelet kept them. */
  message: z.string().nullable(),
  exitCode: z.number().int().nullable(),
  /** RFC 3339, UTC as the API server prints it. */
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ContainerState = z.infer<typeof ContainerStateSchema>;

export const ContainerStatusSchema = z.object({
  name: z.string(),
  /** An init container (`initContainerStatuses`): `config`, `mount-cgroup`, `clean-cilium-state`, … */
  init: z.boolean(),
  ready: z.boolean().nullable(),
  restartCount: z.number().int().nonnegative(),
  /** `CrashLoopBackOff`, `ImagePullBackOff`, … */
  waitingReason: z.string().nullable(),
  /** `OOMKilled`, `Error`, `Completed`, … */
  lastTerminationReason: z.string().nullable(),
  lastTerminationExitCode: z.number().int().nullable(),
  lastTerminationTime: z.string().nullable(),
  image: z.string().nullable(),
  /** The current state: running since, waiting with a reason and message, or terminated. */
  state: ContainerStateSchema.nullable(),
  /** The previous run's end (`lastState.terminated`), when the container restarted. */
  lastState: ContainerStateSchema.nullable(),
  /** `resources.limits.memory` of the container in the pod spec (`500M`, `1Gi`), for an OOM kill. */
  memoryLimit: z.string().nullable(),
  /**
   * The pod file's line of each field that evidence cites, by name: `name`, `restartCount`, `ready`, `state`,
   * `state.reason`, `state.message`, `state.startedAt`, `lastState`, `lastState.reason`, `lastState.exitCode`,
   * `lastState.startedAt`, `lastState.finishedAt`, `lastState.message`, `memoryLimit` (in the spec).
   */
  lines: z.record(z.string(), LineRefSchema),
});
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

/** The Cilium component a pod belongs to, by cilium-cli's label selectors. */
export const PodRoleSchema = z.enum(['agent', 'operator', 'hubble-relay', 'hubble-ui', 'clustermesh-apiserver', 'envoy', 'node-init', 'other']);
export type PodRole = z.infer<typeof PodRoleSchema>;

/** A pod of a Cilium component from `k8s-pods-<ts>.yaml`; other pods are not kept. */
export const PodSchema = SourcedSchema.extend({
  namespace: z.string(),
  name: z.string(),
  /**
   * `agent` for `k8s-app=cilium`, `operator` for `io.cilium/app=operator`, then `hubble-relay`, `hubble-ui`,
   * `clustermesh-apiserver`, `envoy` (`k8s-app=` each) and `node-init` (`app=cilium-node-init`).
   */
  role: PodRoleSchema,
  nodeName: z.string().nullable(),
  hostIP: z.string().nullable(),
  podIP: z.string().nullable(),
  phase: z.string().nullable(),
  ready: z.boolean().nullable(),
  /** `status.startTime`: when the kubelet accepted the pod; restarts are counted since. */
  startTime: z.string().nullable(),
  /** Init containers first, then containers, in the order the pod lists them. */
  containers: z.array(ContainerStatusSchema),
  /** Image of the `cilium-agent` container, for the version when the agent left no output. */
  image: z.string().nullable(),
});
export type Pod = z.infer<typeof PodSchema>;

/** One row of `k8s-pods-<ts>.txt` (`kubectl get pods -A -o wide`): every pod, not only Cilium's. */
export const PodRowSchema = SourcedSchema.extend({
  namespace: z.string(),
  name: z.string(),
  /** `Running`, `Pending`, `CrashLoopBackOff`, … as printed. */
  status: z.string().nullable(),
  ip: z.string().nullable(),
  node: z.string().nullable(),
});
export type PodRow = z.infer<typeof PodRowSchema>;

/** One row of `k8s-node-memory-cpu-usage-<ts>.txt` (`kubectl top nodes`, cilium-cli v0.18.8+). */
export const NodeUsageSchema = SourcedSchema.extend({
  name: z.string(),
  cpuMillis: z.number().nonnegative(),
  /** Percent of the node's CPU capacity; null when printed `<unknown>`. */
  cpuPercent: z.number().nonnegative().nullable(),
  memoryMi: z.number().nonnegative(),
  /** Percent of the node's memory capacity; null when printed `<unknown>`. */
  memoryPercent: z.number().nonnegative().nullable(),
});
export type NodeUsage = z.infer<typeof NodeUsageSchema>;

/** A CiliumNode from `ciliumnodes-<ts>.yaml`. */
export const CiliumNodeSchema = SourcedSchema.extend({
  name: z.string(),
  internalIPs: z.array(z.string()),
  ciliumInternalIPs: z.array(z.string()),
  podCIDRs: z.array(z.string()),
  podCIDRsSrc: SourcedSchema.nullable(),
  healthIPv4: z.string().nullable(),
  healthIPv6: z.string().nullable(),
  /** Addresses of `spec.ipam.pool` (ENI, Azure, multi-pool); empty for cluster-pool. */
  poolIPs: z.array(z.string()),
  /** `status.ipam.used` size, when present. */
  usedIPs: z.number().int().nonnegative().nullable(),
});
export type CiliumNode = z.infer<typeof CiliumNodeSchema>;

/** A CiliumEndpoint from `ciliumendpoints-<ts>.yaml`. */
export const CiliumEndpointSchema = SourcedSchema.extend({
  namespace: z.string(),
  name: z.string(),
  /** Endpoint id on its node (`status.id`). */
  id: z.number().int().nonnegative().nullable(),
  identity: z.number().int().nonnegative().nullable(),
  /** Host IP of the node running the pod (`status.networking.node`). */
  nodeIP: z.string().nullable(),
  ipv4: z.array(z.string()),
  ipv6: z.array(z.string()),
  /** `ready`, `waiting-for-identity`, … */
  state: z.string().nullable(),
});
export type CiliumEndpoint = z.infer<typeof CiliumEndpointSchema>;

export const CiliumIdentitySchema = SourcedSchema.extend({
  id: z.number().int().nonnegative(),
  namespace: z.string().nullable(),
  labels: z.array(z.string()),
});
export type CiliumIdentity = z.infer<typeof CiliumIdentitySchema>;

export const ServicePortSchema = z.object({ name: z.string().nullable(), port: z.number().int(), protocol: z.string(), nodePort: z.number().int().nullable() });

/** A Kubernetes Service from `k8s-services-<ts>.yaml`. */
export const K8sServiceSchema = SourcedSchema.extend({
  namespace: z.string(),
  name: z.string(),
  type: z.string(),
  clusterIPs: z.array(z.string()),
  externalIPs: z.array(z.string()),
  loadBalancerIPs: z.array(z.string()),
  ports: z.array(ServicePortSchema),
  /** True for services without a selector (backends managed elsewhere). */
  headless: z.boolean(),
});
export type K8sService = z.infer<typeof K8sServiceSchema>;

/** An EndpointSlice from `k8s-endpointslices-<ts>.yaml`, reduced to what service checks need. */
export const EndpointSliceSchema = SourcedSchema.extend({
  namespace: z.string(),
  name: z.string(),
  service: z.string().nullable(),
  addresses: z.array(z.object({ ip: z.string(), ready: z.boolean().nullable(), nodeName: z.string().nullable() })),
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;

/** `k8s-version-<ts>.txt`: Go `%#v` of `version.Info`. */
export const K8sVersionSchema = SourcedSchema.extend({
  major: z.string().nullable(),
  minor: z.string().nullable(),
  gitVersion: z.string().nullable(),
  platform: z.string().nullable(),
});
export type K8sVersion = z.infer<typeof K8sVersionSchema>;

/** The `cilium-config` ConfigMap, kept as its data map. */
export const CiliumConfigSchema = SourcedSchema.extend({
  data: z.record(z.string(), z.string()),
  /** 1-based line of each data key, for evidence. */
  lines: z.record(z.string(), z.number().int().positive()),
  /** The text of each data key's line (`  enable-wireguard: "true"`), for evidence excerpts. */
  excerpts: z.record(z.string(), z.string()),
});
export type CiliumConfig = z.infer<typeof CiliumConfigSchema>;

/** A core/v1 Event from `k8s-events-<ts>.yaml`: warnings, and events about Nodes and Cilium components' pods. */
export const K8sEventSchema = SourcedSchema.extend({
  namespace: z.string().nullable(),
  /** `Normal` or `Warning`. */
  type: z.string(),
  /** `BackOff`, `FailedCreatePodSandBox`, `OOMKilling`, … */
  reason: z.string(),
  message: z.string(),
  /** How many times it happened between the first and last time. */
  count: z.number().int().nonnegative(),
  /** RFC 3339, UTC: `firstTimestamp` (or `eventTime` of newer recorders) and `lastTimestamp` (or the series'). */
  firstTime: z.string(),
  lastTime: z.string().nullable(),
  object: z.object({ kind: z.string(), name: z.string(), namespace: z.string().nullable(), fieldPath: z.string().nullable() }),
  /** The node that reported it (`source.host`), for kubelet events. */
  host: z.string().nullable(),
});
export type K8sEvent = z.infer<typeof K8sEventSchema>;
