import check from '../../src/checks/pod-cidr-route-missing.js';
import { checkTester } from './tester.js';
import { agentFile, type Case, healthJsonProbe, podOf, scenario, TS } from './scenario.js';

const routes = (node: string) => agentFile(podOf(node), 'cmd/ip--4-r.md');
const nodeList = (node: string) => agentFile(podOf(node), 'cmd/cilium-dbg-node-list--o-json.md');
const debuginfo = (node: string) => agentFile(podOf(node), `cmd/cilium-debuginfo-${TS}.337+0000-UTC.json`);
const configmap = `cilium-configmap-${TS}.yaml`;
const row = (c: Case, observer: string, node: string) => c.at(nodeList(observer), `"name": "${node}"`, '"alloc-range"');
const native = (c: Case, node: string) => c.at(debuginfo(node), '"inter-host-routing-mode"');

/** Health checking turned off (`enable-health-checking: false`): no cilium-health output, and the status says so (cilium-dbg/cmd/status.go). */
function noHealth(files: Record<string, string>): void {
  for (const path of Object.keys(files)) {
    if (/cilium-health-status/.test(path)) delete files[path];
    else if (/status---verbose\.md$/.test(path)) files[path] = (files[path] as string).replace(/^Cluster health:[^\n]*\n(?: {2}[^\n]*\n)*/m, 'Cluster health:          Probe disabled\n');
  }
}

// node-b lost its direct routes (auto-direct-node-routes on) and its probes of the others' health endpoints fail.
const lost = scenario({ faults: [{ kind: 'pod-cidr-routes-missing', node: 'node-b' }] });
// No direct routes anywhere, and no health probe to tell whether the network routes the pod CIDRs.
const blind = scenario({ directRoutes: false }, noHealth);
// node-c has neither its direct routes nor a default route.
const cut = scenario({ faults: [{ kind: 'pod-cidr-routes-missing', node: 'node-c' }] }, (f) => {
  f[routes('node-c')] = (f[routes('node-c')] as string).replace(/^default [^\n]*\n/, '');
});
const bgp = scenario({ faults: [{ kind: 'pod-cidr-routes-missing', node: 'node-b' }] }, (f) => {
  f[configmap] = (f[configmap] as string).replace('  enable-hubble:', '  enable-bgp-control-plane: "true"\n  enable-hubble:');
});

// CNI chaining on top of aws-cni: the VPC CNI addresses and routes the pods; Cilium's own pod CIDRs go unrouted.
const chained = scenario({ faults: [{ kind: 'pod-cidr-routes-missing', node: 'node-b' }] }, (f) => {
  f[configmap] = (f[configmap] as string).replace('  enable-hubble:', '  cni-chaining-mode: aws-cni\n  enable-hubble:');
});

checkTester(check, {
  valid: [
    { name: 'native routing with a direct route to every node', files: scenario().files },
    { name: 'tunnel mode: the routes go to cilium_host', files: scenario({ routing: 'tunnel' }).files },
    { name: 'native routing without direct routes, the network routing pod CIDRs (health endpoints answer)', files: scenario({ directRoutes: false }).files },
    { name: 'pod CIDRs announced with BGP', files: bgp.files },
    { name: 'CNI chaining: the primary plugin routes the pods', files: chained.files },
    // Every probe of node-c fails, its own address too: the node is down (node-unreachable), not a route missing.
    { name: 'native routing without direct routes, one node down', files: scenario({ directRoutes: false, faults: [{ kind: 'node-unreachable', node: 'node-c' }] }).files },
  ],
  invalid: [
    {
      name: 'direct routes missing on one node, its health endpoint probes failing',
      files: lost.files,
      findings: [
        {
          messageId: 'notRouted',
          data: { node: 'node-b', count: 2, cidrs: 'node-a 10.0.0.0/24 and node-c 10.0.2.0/24', via: 'its default route via 10.10.0.1 (eth0)', failed: 2, autoDirect: true },
          nodes: ['node-b'],
          evidence: [lost.at(routes('node-b'), 'default via'), row(lost, 'node-b', 'node-a'), row(lost, 'node-b', 'node-c'), healthJsonProbe(lost, 'node-b', 'node-a', 'health-endpoint', 'icmp'), native(lost, 'node-b'), lost.at(configmap, 'auto-direct-node-routes')],
        },
      ],
    },
    {
      name: 'no direct routes and no health probes: every node unverified',
      files: blind.files,
      findings: ['node-a', 'node-b', 'node-c'].map((node) => {
        const others = ['node-a', 'node-b', 'node-c'].filter((n) => n !== node);
        return {
          messageId: 'unverified',
          data: { node, count: 2, autoDirect: false },
          nodes: [node],
          evidence: [blind.at(routes(node), 'default via'), ...others.map((o) => row(blind, node, o)), native(blind, node)],
        };
      }),
    },
    {
      name: 'no route at all: neither direct routes nor a default route',
      files: cut.files,
      findings: [
        {
          messageId: 'unroutable',
          data: { node: 'node-c', count: 2, cidrs: 'node-a 10.0.0.0/24 and node-b 10.0.1.0/24', route: '' },
          nodes: ['node-c'],
          evidence: [{ file: routes('node-c'), line: null }, row(cut, 'node-c', 'node-a'), row(cut, 'node-c', 'node-b'), native(cut, 'node-c'), cut.at(configmap, 'auto-direct-node-routes')],
        },
      ],
    },
  ],
});
