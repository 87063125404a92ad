// Which findings explain which (issue 11, "causes explain symptoms"): a small declarative table the runner links
// findings with. A rule says: a finding of the cause check (with these tags) explains a finding of the effect check
// (with these tags) when they are related on their nodes. The effect stays in the report, marked as a consequence.
// The table is acyclic over checks (a test keeps it so), so links never form a loop. A cause that is stale at
// collection time (docs/ranking.md) explains nothing.
import type { CheckSlug } from './catalog.js';

/** One side of a rule: a check, optionally only some of its messages, and tags its findings must (not) carry. */
export interface ExplainMatch {
  slug: CheckSlug;
  messages?: readonly string[];
  /** Every one of these tags (`role:agent`, `area:apiserver`). */
  tags?: readonly string[];
  /** None of these tags. */
  notTags?: readonly string[];
}

export interface ExplainRule {
  cause: ExplainMatch;
  effect: ExplainMatch;
  /**
   * How the two must be related: `within-nodes`, every node of the effect is a node of the cause (an effect with
   * no node never matches); `shared-node`, they share a node; `any`, no relation needed (cluster-wide effects).
   */
  on: 'within-nodes' | 'shared-node' | 'any';
  /** Tag prefixes whose values must be equal on both (`component:` — the same component's log). */
  same?: readonly string[];
  /** Why, in the words of a postmortem. */
  why: string;
}

/** An agent that is not running: crash-looping or OOM-killed, its main or an init container. */
const AGENT_DOWN: ExplainMatch = { slug: 'agent-restarts', messages: ['crashLooping', 'oomKilled'], tags: ['role:agent'] };
const NO_AGENT: ExplainMatch = { slug: 'agent-missing' };

export const EXPLAIN_RULES: readonly ExplainRule[] = [
  { cause: AGENT_DOWN, effect: { slug: 'node-unreachable' }, on: 'within-nodes', why: 'a node whose agent is down answers no health probe and routes no pod traffic' },
  { cause: AGENT_DOWN, effect: { slug: 'agent-isolated' }, on: 'within-nodes', why: 'an agent that keeps restarting probes nobody' },
  { cause: AGENT_DOWN, effect: { slug: 'health-asymmetric' }, on: 'shared-node', why: 'probes toward a node whose agent is down fail one way' },
  { cause: AGENT_DOWN, effect: { slug: 'health-latency' }, on: 'within-nodes', why: 'a restarting agent answers probes late' },
  { cause: AGENT_DOWN, effect: { slug: 'agent-degraded' }, on: 'within-nodes', why: 'a restarting agent reports its subsystems as not ready' },
  { cause: AGENT_DOWN, effect: { slug: 'controllers-failing' }, on: 'within-nodes', why: 'a restarting agent\'s controllers fail until it is up' },
  { cause: AGENT_DOWN, effect: { slug: 'endpoint-not-ready' }, on: 'within-nodes', why: 'endpoints wait for an agent that is down' },
  { cause: AGENT_DOWN, effect: { slug: 'endpoint-stale' }, on: 'within-nodes', why: 'a down agent does not update its CiliumEndpoints' },
  { cause: AGENT_DOWN, effect: { slug: 'agent-missing', messages: ['noOutput'] }, on: 'within-nodes', why: 'the collector cannot run commands in an agent that is not running' },
  { cause: AGENT_DOWN, effect: { slug: 'bundle-gaps' }, on: 'within-nodes', why: 'the collector cannot run commands in an agent that is not running' },
  { cause: { slug: 'agent-restarts' }, effect: { slug: 'log-errors' }, on: 'within-nodes', same: ['component:'], why: 'these are the lines of the restarting container, which the restart finding quotes' },
  {
    cause: AGENT_DOWN,
    effect: { slug: 'agent-restarts', tags: ['area:apiserver'], notTags: ['role:agent'] },
    on: 'within-nodes',
    why: 'without a running agent (and no kube-proxy) the node cannot reach the API server\'s service address',
  },
  { cause: AGENT_DOWN, effect: { slug: 'log-errors', tags: ['area:apiserver'], notTags: ['role:agent'] }, on: 'within-nodes', why: 'without a running agent the node cannot reach the API server\'s service address' },
  {
    cause: { slug: 'agent-restarts', tags: ['role:operator'] },
    effect: { slug: 'bundle-gaps', tags: ['crd-missing'] },
    on: 'any',
    why: 'the operator registers Cilium\'s CRDs; while it cannot start, the collector finds no such resources',
  },
  { cause: NO_AGENT, effect: { slug: 'node-unreachable' }, on: 'within-nodes', why: 'a node without an agent has no health endpoint' },
  { cause: NO_AGENT, effect: { slug: 'ciliumnode-orphan' }, on: 'within-nodes', why: 'the agent creates its node\'s CiliumNode' },
  { cause: NO_AGENT, effect: { slug: 'node-view-mismatch' }, on: 'within-nodes', why: 'a node without an agent is known to no agent' },
  { cause: NO_AGENT, effect: { slug: 'endpoint-stale' }, on: 'within-nodes', why: 'no agent keeps the node\'s CiliumEndpoints' },
  { cause: NO_AGENT, effect: { slug: 'bundle-gaps' }, on: 'within-nodes', why: 'a missing agent leaves no output to collect' },
  { cause: { slug: 'node-unreachable' }, effect: { slug: 'health-asymmetric' }, on: 'shared-node', why: 'an unreachable node fails probes in some directions first' },
  { cause: { slug: 'node-unreachable' }, effect: { slug: 'health-latency' }, on: 'within-nodes', why: 'probes to a node that barely answers are slow' },
  { cause: { slug: 'health-partition' }, effect: { slug: 'health-asymmetric' }, on: 'within-nodes', why: 'a partition shows as failed probes between its groups' },
  { cause: { slug: 'controllers-failing' }, effect: { slug: 'agent-degraded' }, on: 'within-nodes', why: 'failing controllers turn the agent\'s status to degraded' },
  { cause: { slug: 'ipam-exhaustion' }, effect: { slug: 'endpoint-not-ready' }, on: 'within-nodes', why: 'new pods on a node with no free address get no endpoint' },
  { cause: { slug: 'ipam-exhaustion' }, effect: { slug: 'log-errors', tags: ['area:ipam'] }, on: 'within-nodes', why: 'allocation errors follow from the full pool' },
  { cause: { slug: 'log-errors', tags: ['area:bpf'] }, effect: { slug: 'drops' }, on: 'within-nodes', why: 'a full BPF map drops the packets its missing entries would pass' },
  { cause: { slug: 'pod-cidr-mismatch' }, effect: { slug: 'endpoint-ip-outside-cidr' }, on: 'within-nodes', why: 'an agent that allocates from another CIDR gives its endpoints addresses outside the node\'s' },
  { cause: { slug: 'pod-cidr-overlap' }, effect: { slug: 'endpoint-ip-duplicate' }, on: 'shared-node', why: 'overlapping pod CIDRs hand out the same address twice' },
  { cause: { slug: 'bpf-map-full' }, effect: { slug: 'drops' }, on: 'within-nodes', why: 'a full BPF map drops the packets its missing entries would pass' },
  { cause: { slug: 'bpf-map-full' }, effect: { slug: 'log-errors', tags: ['area:bpf'] }, on: 'within-nodes', why: 'the agent logs every insertion into the full map that fails' },
  { cause: { slug: 'config-combination-invalid' }, effect: { slug: 'agent-restarts', tags: ['area:config'] }, on: 'any', why: 'an agent whose configuration cannot work exits at start, on every node' },
  { cause: { slug: 'config-combination-invalid' }, effect: { slug: 'log-errors', tags: ['area:config'] }, on: 'any', why: 'the agent logs the setting it cannot work with' },
  { cause: { slug: 'kernel-config-missing' }, effect: { slug: 'agent-restarts', tags: ['area:kernel'] }, on: 'within-nodes', why: 'an agent that needs a kernel feature the node lacks exits at start' },
  { cause: { slug: 'kernel-config-missing' }, effect: { slug: 'log-errors', tags: ['area:kernel'] }, on: 'within-nodes', why: 'the agent logs the kernel feature it cannot use' },
  { cause: { slug: 'kernel-version-too-old' }, effect: { slug: 'agent-restarts', tags: ['area:kernel'] }, on: 'within-nodes', why: 'an agent on a kernel older than it needs exits at start' },
  { cause: { slug: 'kernel-version-too-old' }, effect: { slug: 'log-errors', tags: ['area:kernel'] }, on: 'within-nodes', why: 'the agent logs the kernel feature it cannot use' },
  { cause: { slug: 'node-memory-pressure' }, effect: { slug: 'agent-restarts', messages: ['oomKilled'] }, on: 'within-nodes', why: 'a node out of memory kills the agent with it' },
  { cause: { slug: 'cni-config-conflict' }, effect: { slug: 'pod-not-managed' }, on: 'within-nodes', why: 'the kubelet uses the first CNI configuration in name order, so new pods get the other CNI' },
  { cause: { slug: 'kvstore-unhealthy' }, effect: { slug: 'log-errors', tags: ['area:kvstore'] }, on: 'within-nodes', why: 'the agent logs every kvstore operation that fails' },
  { cause: { slug: 'clustermesh-remote-unready' }, effect: { slug: 'log-errors', tags: ['area:clustermesh'] }, on: 'within-nodes', why: 'the agent logs every failed attempt to reach the remote cluster' },
  { cause: { slug: 'device-down' }, effect: { slug: 'node-unreachable' }, on: 'within-nodes', why: 'a node whose native device is down answers no probe' },
];
