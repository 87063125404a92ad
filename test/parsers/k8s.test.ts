import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumConfigmap } from '../../src/parsers/cilium-configmap.js';
import { ciliumEndpoints } from '../../src/parsers/ciliumendpoints.js';
import { ciliumNodes } from '../../src/parsers/ciliumnodes.js';
import { k8sEndpointSlices } from '../../src/parsers/k8s-endpointslices.js';
import { k8sEvents } from '../../src/parsers/k8s-events.js';
import { k8sNodes } from '../../src/parsers/k8s-nodes.js';
import { k8sPods } from '../../src/parsers/k8s-pods.js';
import { k8sServices } from '../../src/parsers/k8s-services.js';
import { k8sVersion } from '../../src/parsers/k8s-version.js';
import { parserGoldens, parseText } from './harness.js';

parserGoldens(k8sNodes);
parserGoldens(k8sPods);
parserGoldens(ciliumNodes);
parserGoldens(ciliumEndpoints);
parserGoldens(k8sServices);
parserGoldens(k8sEndpointSlices);
parserGoldens(k8sVersion);
parserGoldens(ciliumConfigmap);
parserGoldens(k8sEvents);

const input = (dir: string, ext = 'yaml') => readFileSync(new URL(`./fixtures/${dir}/input.${ext}`, import.meta.url), 'utf8');

describe('Kubernetes parsers: focused', () => {
  it('takes only Nodes from a mixed kind: List, with Ready, InternalIP and podCIDRs (and their line)', () => {
    const r = parseText(k8sNodes, input('k8s-nodes/ciliumnodes-007'));
    assert.deepEqual(r.data?.map((n) => [n.name, n.internalIP, n.ready, n.podCIDRs]), [
      ['cilium-nodes-control-plane', '172.18.0.4', true, ['10.244.0.0/24']],
      ['cilium-nodes-worker', '172.18.0.3', true, ['10.244.1.0/24']],
    ]);
    assert.equal(r.data?.[0]?.podCIDRsSrc?.excerpt, '    - 10.244.0.0/24');
  });

  it('takes only CiliumNodes from the same list, with addresses, health IPs and pod CIDRs', () => {
    const r = parseText(ciliumNodes, input('ciliumnodes/ciliumnodes-007'));
    assert.deepEqual(r.data?.map((n) => [n.name, n.internalIPs, n.ciliumInternalIPs, n.healthIPv4, n.podCIDRs]), [
      ['cilium-nodes-control-plane', ['172.18.0.4'], ['10.244.0.159'], '10.244.0.30', ['10.244.0.0/24']],
      ['cilium-nodes-worker', ['172.18.0.3'], ['10.244.1.119'], '10.244.1.47', ['10.244.1.0/24']],
    ]);
  });

  it('reads a single CiliumNode with dual-stack CIDRs, and an ENI pool from a fragment', () => {
    assert.deepEqual(parseText(ciliumNodes, input('ciliumnodes/ciliumnodes-008')).data?.[0]?.podCIDRs, ['10.244.1.0/24', 'fd00:10:244:1::/64']);
  });

  it('reads CiliumEndpoints: id, identity, node IP, addresses, state', () => {
    const r = parseText(ciliumEndpoints, input('ciliumendpoints/ciliumendpoints-004'));
    assert.deepEqual(r.data?.map((e) => [e.namespace, e.name, e.id, e.identity, e.nodeIP, e.ipv4, e.state]), [['bookinfo', 'productpage-v1-5586c4d4ff-npzcr', 207, 23407, '10.5.0.171', ['10.42.0.21'], 'ready']]);
  });

  it('keeps agent and operator pods only, with restarts and the last termination', () => {
    const pods = parseText(k8sPods, input('k8s-pods/cli-0.16-oomkilled')).data ?? [];
    assert.deepEqual(pods.map((p) => [p.role, p.name, p.nodeName]), [['agent', 'cilium-aaaaa', 'node-a'], ['agent', 'cilium-bbbbb', 'node-b'], ['agent', 'cilium-ccccc', 'node-c'], ['operator', 'cilium-operator-6d8f9c7b54-x2x9q', 'node-a']]);
    const c = pods[1]?.containers[0];
    assert.deepEqual([c?.name, c?.init, c?.ready, c?.restartCount, c?.waitingReason, c?.lastTerminationReason, c?.lastTerminationExitCode, c?.lastTerminationTime], ['cilium-agent', false, true, 3, null, 'OOMKilled', 137, '2024-05-13T13:58:12Z']);
    assert.deepEqual(c?.state, { kind: 'running', reason: null, message: null, exitCode: null, startedAt: '2024-05-13T13:58:20Z', finishedAt: null });
  });

  it('keeps every Cilium component with init containers, states and the line of each field', () => {
    const text = input('k8s-pods/crashloop-init-oom');
    const lines = text.split('\n');
    const pods = parseText(k8sPods, text).data ?? [];
    assert.deepEqual(pods.map((p) => [p.role, p.name]), [['agent', 'cilium-cbzlp'], ['agent', 'cilium-7xk2p'], ['agent', 'cilium-4h2hk'], ['operator', 'cilium-operator-6fb8dbd88c-mdrg9'], ['hubble-relay', 'hubble-relay-5f8b9c7d6-q2w3e']]);
    const [crash, init, oom] = pods;
    assert.deepEqual(crash?.containers.map((x) => [x.name, x.init, x.restartCount]), [['mount-cgroup', true, 0], ['cilium-agent', false, 6]]);
    const agent = crash?.containers[1];
    assert.equal(agent?.state?.reason, 'CrashLoopBackOff');
    assert.deepEqual([agent?.lastState?.reason, agent?.lastState?.exitCode, agent?.lastState?.finishedAt], ['Error', 1, '2022-11-10T18:52:41Z']);
    // Each cited line holds the field it is named after, inside this container's status.
    for (const [field, text] of [['restartCount', 'restartCount: 6'], ['state.reason', 'reason: CrashLoopBackOff'], ['lastState', 'terminated:'], ['lastState.exitCode', 'exitCode: 1'], ['lastState.reason', 'reason: Error']] as const) {
      const ref = agent?.lines[field];
      assert.ok(ref && lines[(ref.line ?? 0) - 1]?.includes(text), `${field} at ${ref?.line}: ${ref?.excerpt}`);
    }
    const config = init?.containers[0];
    assert.deepEqual([config?.name, config?.init, config?.restartCount, config?.state?.reason], ['config', true, 4, 'CrashLoopBackOff']);
    assert.equal(init?.startTime, '2023-10-26T17:25:02Z');
    assert.equal(oom?.containers[0]?.memoryLimit, '500M');
    assert.match(lines[(oom?.containers[0]?.lines.memoryLimit?.line ?? 0) - 1] ?? '', /^\s+memory: 500M$/);
  });

  it('keeps warnings and events about Cilium pods, with counts, times, the object and the message line', () => {
    const text = input('k8s-events/backoff-ipam-full');
    const events = parseText(k8sEvents, text).data ?? [];
    assert.deepEqual(events.map((e) => [e.type, e.reason, e.object.name, e.count, e.firstTime, e.lastTime]), [
      ['Normal', 'Pulled', 'cilium-4h2hk', 4, '2022-07-19T05:02:11Z', '2022-07-20T09:24:10Z'],
      ['Warning', 'BackOff', 'cilium-4h2hk', 31, '2022-07-20T09:10:02Z', '2022-07-20T09:24:40Z'],
      ['Warning', 'FailedCreatePodSandBox', 'coredns-5c98db65d4-h5vwr', 2412, '2019-12-20T10:41:13Z', '2019-12-20T11:46:02Z'],
      ['Normal', 'Scheduled', 'cilium-operator-6d8f9c7b54-x2x9q', 1, '2024-05-13T13:40:01.123456Z', '2024-05-13T13:40:01.123456Z'],
    ]);
    assert.equal(events[1]?.host, 'node-7');
    assert.match(events[2]?.excerpt ?? '', /^\s+message: '\(combined from similar events\): Failed create pod sandbox/);
    assert.match(events[2]?.message ?? '', /range is full$/);
  });

  it('reads the Go form of the Kubernetes version', () => {
    assert.equal(parseText(k8sVersion, input('k8s-version/eks-plus', 'txt')).data?.gitVersion, 'v1.27.3-eks-a5565ad');
    assert.equal(parseText(k8sVersion, 'garbage').data, null);
  });

  it('reads a truncated list up to the last whole item, and says the last one was cut', () => {
    const whole = input('ciliumendpoints/ciliumendpoints-004');
    const cut = whole.slice(0, whole.indexOf('    state: ready'));
    const r = parseText(ciliumEndpoints, cut);
    assert.deepEqual(r.data, []);
    assert.match(r.diagnostics[0]?.message ?? '', /^Truncated list/);
  });

  it('stops a YAML alias bomb with a diagnostic', () => {
    const bomb = ['apiVersion: v1', 'items:', '- metadata:', '    name: &a lol', '    labels: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', '    x: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', '    y: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', '    z: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', 'kind: CiliumEndpointList'].join('\n');
    const r = parseText(ciliumEndpoints, bomb);
    assert.deepEqual(r.data, []);
    assert.match(r.diagnostics[0]?.message ?? '', /^Invalid YAML item: .*alias/i);
  });
});

import { kubectlCiliumNodes, kubectlNodesWide } from '../../src/parsers/kubectl-tables.js';

parserGoldens(kubectlNodesWide);
parserGoldens(kubectlCiliumNodes);

describe('kubectl tables: focused', () => {
  it('reads `kubectl get nodes -o wide`: names, Ready, InternalIP (IPv6 too), OS images with spaces', () => {
    const r = parseText(kubectlNodesWide, input('kubectl-get-nodes/nodes-wide-004', 'txt'));
    assert.deepEqual(r.data?.map((n) => [n.name, n.ready, n.internalIP, n.kubeletVersion]), [['k8s-ctr', false, '192.168.10.100', 'v1.33.2'], ['k8s-w1', false, '192.168.10.101', 'v1.33.2'], ['k8s-w2', false, '192.168.10.102', 'v1.33.2']]);
    assert.equal(parseText(kubectlNodesWide, input('kubectl-get-nodes/nodes-wide-002', 'txt')).data?.[0]?.internalIP, '2600:1f10:400b:9c00:7373:c69e:2aad:da3d');
  });
});
