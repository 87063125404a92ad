import type { AgentStatus } from './agent-status.js';
import type { Sourced } from './common.js';
import type { EndpointList } from './endpoint.js';
import type { CiliumVersion } from './misc.js';
import type { NodeList } from './node-list.js';
import type { ServiceList } from './service.js';

/** What an agent's debuginfo JSON holds; every part may be missing. */
export interface DebugInfo {
  version: CiliumVersion | null;
  status: AgentStatus | null;
  endpoints: EndpointList | null;
  services: ServiceList | null;
  /** `cilium-status.cluster.nodes`, with `self` from `cilium-status.cluster.self`. */
  nodeList: NodeList | null;
  /** `kernel-version`: the node's kernel release as the agent read it (`uname -r`). */
  kernelVersion: ({ release: string } & Sourced) | null;
}
