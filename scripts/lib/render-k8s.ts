// Cluster-level files of a sysdump as cilium-cli writes them (sysdump/sysdump.go, writers.go): Kubernetes lists in
// client-go's YAML printer form (one document, sorted keys, `items:` with `- ` at column 0, typed-list items without
// apiVersion/kind, then `kind: XxxList` and `metadata:`), `k8s-version-<ts>.txt` as Go `%#v`, the cilium-config
// ConfigMap, `cilium-sysdump.log`, container logs with kubelet timestamps, and Hubble flows as JSON Lines.
import { directRoutes } from './render-host.js';
import { type Cluster, type Node } from './scenario.js';

/** A YAML scalar as the Go printer writes it: quoted when it would read as another type or is empty. */
function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = String(v);
  // go-yaml quotes what would read back as another type: numbers, booleans, null, timestamps; not IP addresses.
  if (s === '' || /^(true|false|null|yes|no|on|off|y|n|~)$/i.test(s) || /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) || /^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(s) || /: |\s#|\s$/.test(s) || /^\d{4}-\d{2}-\d{2}T/.test(s)) {
    return JSON.stringify(s);
  }
  return s;
}

/** Pushes one by one: a spread of 200,000 CiliumEndpoint lines would overflow the stack. */
function append(out: string[], lines: readonly string[], from = 0): void {
  for (let i = from; i < lines.length; i++) out.push(lines[i] as string);
}

/** Sorted-key YAML of plain data, at an indentation. */
export function yaml(value: unknown, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${pad}[]`];
    const out: string[] = [];
    for (const item of value) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const lines = yaml(item, indent + 2);
        out.push(`${pad}- ${(lines[0] as string).trimStart()}`);
        append(out, lines, 1);
      } else out.push(`${pad}- ${scalar(item)}`);
    }
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
    if (entries.length === 0) return [`${pad}{}`];
    const out: string[] = [];
    for (const [k, v] of entries) {
      const key = /^[\w./-]+$/.test(k) && !/^\d+$/.test(k) ? k : JSON.stringify(k);
      if (Array.isArray(v) && v.length > 0) append(out, [`${pad}${key}:`, ...yaml(v, indent)]);
      else if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0) append(out, [`${pad}${key}:`, ...yaml(v, indent + 2)]);
      else out.push(`${pad}${key}: ${Array.isArray(v) ? '[]' : v !== null && typeof v === 'object' ? '{}' : scalar(v)}`);
    }
    return out;
  }
  return [`${pad}${scalar(value)}`];
}

/** A `*List` document: `apiVersion`, `items` (each at column 0), `kind`, `metadata`. */
export function list(apiVersion: string, kind: string, items: readonly unknown[]): string {
  const lines = [`apiVersion: ${apiVersion}`];
  if (items.length === 0) lines.push('items: []');
  else {
    lines.push('items:');
    append(lines, yaml(items, 0));
  }
  lines.push(`kind: ${kind}`, 'metadata:', '  resourceVersion: "123456"');
  return `${lines.join('\n')}\n`;
}

const created = '2024-05-01T08:00:00Z';

export function nodesYaml(c: Cluster): string {
  return list(
    'v1',
    'NodeList',
    c.nodes.map((n) => ({
      metadata: {
        creationTimestamp: created,
        labels: {
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': n.name,
          'kubernetes.io/os': 'linux',
          ...(n.zone ? { 'topology.kubernetes.io/zone': n.zone } : {}),
          ...(n.control ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
        },
        name: n.name,
        resourceVersion: '98765',
        uid: uid(c, `node-${n.name}`),
      },
      spec: { podCIDR: n.cidr, podCIDRs: [n.cidr], providerID: `kind://docker/cluster/${n.name}` },
      status: {
        addresses: [
          { address: n.ip, type: 'InternalIP' },
          { address: n.name, type: 'Hostname' },
        ],
        conditions: [
          { lastHeartbeatTime: '2024-05-13T14:14:00Z', lastTransitionTime: created, message: 'Cilium is running on this node', reason: 'CiliumIsUp', status: 'False', type: 'NetworkUnavailable' },
          { lastHeartbeatTime: '2024-05-13T14:14:00Z', lastTransitionTime: created, message: 'kubelet is posting ready status', reason: 'KubeletReady', status: 'True', type: 'Ready' },
        ],
        nodeInfo: { architecture: 'amd64', kernelVersion: '6.1.0-18-cloud-amd64', kubeProxyVersion: c.s.kubernetes, kubeletVersion: c.s.kubernetes, operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)' },
      },
    })),
  );
}

export function podsYaml(c: Cluster): string {
  const agents = c.nodes
    .filter((n) => !n.agentMissing)
    .map((n) => {
      const restarts = n.restarts;
      // A failing init container keeps the agent container waiting in PodInitializing (kubelet).
      const initFails = restarts?.container !== undefined && restarts.container !== 'cilium-agent';
      const agentRestarts = initFails ? null : restarts;
      const looping = (r: typeof restarts) => r?.reason === 'CrashLoopBackOff' || (r?.reason === 'OOMKilled' && r.running === false);
      const status = (name: string, r: typeof restarts, image: string) => {
        const finished = r?.finishedAt ?? '2024-05-13T13:58:12Z';
        const started = r?.finishedAt ? new Date(Date.parse(r.finishedAt) - 4000).toISOString().replace('.000Z', 'Z') : '2024-05-13T13:40:02Z';
        return {
          image,
          lastState: r ? { terminated: { exitCode: r.reason === 'OOMKilled' ? 137 : 1, finishedAt: finished, reason: r.reason === 'CrashLoopBackOff' ? 'Error' : r.reason, startedAt: started } } : {},
          name,
          ready: !looping(r),
          restartCount: r?.count ?? 0,
          started: true,
          state: looping(r) ? { waiting: { message: `back-off 5m0s restarting failed container=${name} pod=${n.pod}_kube-system`, reason: 'CrashLoopBackOff' } } : { running: { startedAt: '2024-05-13T13:58:20Z' } },
        };
      };
      const image = `quay.io/cilium/cilium:v${n.version}`;
      const agentContainer: Record<string, unknown> = { image: `${image}@sha256:${'ab'.repeat(32)}`, name: 'cilium-agent' };
      if (restarts?.limit) agentContainer.resources = { limits: { cpu: '1', memory: restarts.limit }, requests: { cpu: '100m', memory: '512Mi' } };
      const agentStatus = initFails
        ? { image, lastState: {}, name: 'cilium-agent', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'PodInitializing' } } }
        : status('cilium-agent', agentRestarts, image);
      return {
        metadata: {
          creationTimestamp: created,
          generateName: 'cilium-',
          labels: { 'app.kubernetes.io/name': 'cilium-agent', 'app.kubernetes.io/part-of': 'cilium', 'controller-revision-hash': '5c9f8d7b6', 'k8s-app': 'cilium' },
          name: n.pod,
          namespace: 'kube-system',
          uid: uid(c, `pod-${n.pod}`),
        },
        spec: {
          containers: [agentContainer],
          ...(initFails ? { initContainers: [{ command: ['cilium-dbg', 'build-config'], image: `${image}@sha256:${'ab'.repeat(32)}`, name: restarts?.container }] } : {}),
          nodeName: n.name,
        },
        status: {
          conditions: [{ lastTransitionTime: created, status: looping(restarts) || initFails ? 'False' : 'True', type: 'Ready' }],
          containerStatuses: [agentStatus],
          hostIP: n.ip,
          ...(initFails ? { initContainerStatuses: [status(restarts?.container as string, restarts, image)] } : {}),
          phase: initFails ? 'Pending' : 'Running',
          podIP: n.ip,
          ...(restarts?.startTime ? { startTime: restarts.startTime } : {}),
        },
      };
    });
  const op = c.operatorRestarts;
  const opLooping = op?.reason === 'CrashLoopBackOff';
  const operator = {
    metadata: { labels: { 'io.cilium/app': 'operator', name: 'cilium-operator' }, name: OPERATOR_POD, namespace: 'kube-system', uid: uid(c, 'operator') },
    spec: { containers: [{ image: `quay.io/cilium/operator-generic:v${c.s.cilium}`, name: 'cilium-operator' }], nodeName: c.nodes[0]?.name },
    status: op
      ? {
          conditions: [{ status: opLooping ? 'False' : 'True', type: 'Ready' }],
          containerStatuses: [
            {
              lastState: { terminated: { exitCode: op.reason === 'OOMKilled' ? 137 : 1, finishedAt: op.finishedAt ?? '2024-05-13T13:58:12Z', reason: opLooping ? 'Error' : op.reason, startedAt: op.finishedAt ? new Date(Date.parse(op.finishedAt) - 30000).toISOString().replace('.000Z', 'Z') : '2024-05-13T13:57:42Z' } },
              name: 'cilium-operator',
              ready: !opLooping,
              restartCount: op.count,
              state: opLooping ? { waiting: { message: `back-off 5m0s restarting failed container=cilium-operator pod=${OPERATOR_POD}_kube-system`, reason: 'CrashLoopBackOff' } } : { running: { startedAt: created } },
            },
          ],
          hostIP: c.nodes[0]?.ip,
          phase: 'Running',
          ...(op.startTime ? { startTime: op.startTime } : {}),
        }
      : { conditions: [{ status: 'True', type: 'Ready' }], containerStatuses: [{ name: 'cilium-operator', ready: true, restartCount: 0, state: { running: { startedAt: created } } }], hostIP: c.nodes[0]?.ip, phase: 'Running' },
  };
  const apps = c.nodes.flatMap((n) =>
    n.endpoints.slice(0, 2).map((e) => ({
      metadata: { labels: { app: e.pod.replace(/-.*$/, '') }, name: e.pod, namespace: e.namespace, uid: uid(c, `app-${e.pod}`) },
      spec: { containers: [{ image: 'registry.example/app:1.0', name: 'app' }], nodeName: n.name },
      status: { hostIP: n.ip, phase: 'Running', podIP: e.ip },
    })),
  );
  return list('v1', 'PodList', [...agents, operator, ...apps]);
}

export const OPERATOR_POD = 'cilium-operator-6d8f9c7b54-x2x9q';

export function podsTable(c: Cluster): string {
  const rows = [['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']];
  for (const n of c.nodes.filter((x) => !x.agentMissing)) {
    const r = n.restarts;
    const looping = r?.reason === 'CrashLoopBackOff' || (r?.reason === 'OOMKilled' && r.running === false);
    const init = r?.container !== undefined && r.container !== 'cilium-agent';
    rows.push(['kube-system', n.pod, looping ? '0/1' : '1/1', looping ? (init ? 'Init:CrashLoopBackOff' : 'CrashLoopBackOff') : 'Running', r ? `${r.count} (16m ago)` : '0', '12d', n.ip, n.name, '<none>', '<none>']);
  }
  // The workload pods behind the endpoints: kubectl lists every pod of the cluster.
  for (const n of c.nodes) for (const e of n.endpoints.filter((x) => x.inAgent)) rows.push([e.namespace, e.pod, '1/1', 'Running', '0', '11d', e.ip, n.name, '<none>', '<none>']);
  // A reduce, not Math.max(...): a 2,000-node cluster has more pods than a call takes arguments.
  const widths = rows[0]?.map((_, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), 0)) ?? [];
  return `${rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd()).join('\n')}\n`;
}

export function ciliumNodesYaml(c: Cluster): string {
  const items = c.nodes.filter((n) => !n.agentMissing).map((n) => ciliumNode(c, n.name, n.ip, n.cidr, n.routerIp, n.healthIp));
  for (const o of c.orphanCiliumNodes) items.push(ciliumNode(c, o.name, o.ip, o.cidr, o.cidr.replace(/0\/24$/, '1'), o.cidr.replace(/0\/24$/, '9')));
  return list('cilium.io/v2', 'CiliumNodeList', items);
}

function ciliumNode(c: Cluster, name: string, ip: string, cidr: string, routerIp: string, healthIp: string): unknown {
  return {
    metadata: {
      creationTimestamp: created,
      labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' },
      name,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: uid(c, `node-${name}`) }],
      uid: uid(c, `cn-${name}`),
    },
    spec: {
      addresses: [
        { ip, type: 'InternalIP' },
        { ip: routerIp, type: 'CiliumInternalIP' },
      ],
      'alibaba-cloud': {},
      azure: {},
      encryption: {},
      eni: {},
      health: { ipv4: healthIp },
      ingress: {},
      ipam: { podCIDRs: [cidr], pools: {} },
    },
    status: { 'alibaba-cloud': {}, azure: {}, eni: {}, ipam: { 'operator-status': {} } },
  };
}

export function ciliumEndpointsYaml(c: Cluster): string {
  const items: unknown[] = [];
  const cep = (n: Node, e: (typeof n.endpoints)[number]) => ({
    metadata: {
      labels: { app: e.pod.replace(/-.*$/, '') },
      name: e.pod,
      namespace: e.namespace,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: e.pod, uid: uid(c, `app-${e.pod}`) }],
      uid: uid(c, `cep-${e.pod}`),
    },
    status: {
      'external-identifiers': { 'container-id': 'c0ffee'.repeat(10).slice(0, 64), 'k8s-namespace': e.namespace, 'k8s-pod-name': e.pod, 'pod-name': `${e.namespace}/${e.pod}` },
      id: e.id,
      identity: { id: e.identity, labels: e.labels },
      networking: { addressing: [{ ipv4: e.ip }], node: n.ip },
      state: e.state,
    },
  });
  for (const n of c.nodes) for (const e of n.endpoints.filter((x) => x.inCep)) items.push(cep(n, e));
  for (const e of c.staleCeps) {
    const n = c.nodes.find((x) => e.ip.startsWith(x.cidr.replace(/0\/24$/, ''))) ?? c.nodes[0];
    if (n) items.push(cep(n, e));
  }
  return list('cilium.io/v2', 'CiliumEndpointList', items);
}

export function servicesYaml(c: Cluster): string {
  return list(
    'v1',
    'ServiceList',
    c.services.map((s) => ({
      metadata: { name: s.name, namespace: s.namespace, uid: uid(c, `svc-${s.name}`) },
      spec: { clusterIP: s.ip, clusterIPs: [s.ip], ports: [{ name: 'http', port: s.port, protocol: 'TCP', targetPort: 8080 }], ...(s.name === 'kubernetes' ? {} : { selector: { app: s.name } }), type: 'ClusterIP' },
      status: { loadBalancer: {} },
    })),
  );
}

export function endpointSlicesYaml(c: Cluster): string {
  return list(
    'discovery.k8s.io/v1',
    'EndpointSliceList',
    c.services.map((s) => ({
      addressType: 'IPv4',
      endpoints: s.backends.map((b) => ({ addresses: [b.split(':')[0]], conditions: { ready: true, serving: true, terminating: false } })),
      metadata: { labels: { 'kubernetes.io/service-name': s.name }, name: `${s.name}-abcde`, namespace: s.namespace },
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    })),
  );
}

export function versionTxt(c: Cluster): string {
  const [, major, minor] = /^v(\d+)\.(\d+)/.exec(c.s.kubernetes) ?? [];
  return `version.Info{Major:"${major}", Minor:"${minor}", GitVersion:"${c.s.kubernetes}", GitCommit:"4b8e819355d791d96b7e9d9efe4cbafae2311c88", GitTreeState:"clean", BuildDate:"2024-02-14T10:32:40Z", GoVersion:"go1.21.7", Compiler:"gc", Platform:"linux/amd64"}`;
}

export function configMapYaml(c: Cluster): string {
  const data: Record<string, string> = {
    'cluster-name': c.s.clusterName,
    // A cluster in a mesh needs an id of its own (1–255; the remotes of the generator take 2 and up).
    'cluster-id': c.remotes.length > 0 ? '1' : '0',
    ipam: c.s.ipam,
    'kube-proxy-replacement': c.s.kpr === 'Strict' || c.s.kpr === 'True' ? 'true' : 'false',
    'routing-mode': c.s.routing,
    tunnel: c.s.routing === 'tunnel' ? 'vxlan' : 'disabled',
    ...(directRoutes(c) ? { 'auto-direct-node-routes': 'true' } : {}),
    'enable-ipv4': 'true',
    'enable-ipv6': 'false',
    'enable-hubble': 'true',
    'enable-health-checking': 'true',
    // Without kube-proxy, the agents need the API server's own address (kubeproxy-free.rst: k8sServiceHost).
    ...(/^(True|Strict)$/.test(c.s.kpr) ? { 'k8s-service-host': (c.nodes.find((n) => n.control) ?? c.nodes[0])?.ip ?? '', 'k8s-service-port': '6443' } : {}),
    ...(c.s.encryption === 'ipsec' ? { 'enable-ipsec': 'true' } : {}),
    ...(c.s.encryption === 'wireguard' ? { 'enable-wireguard': 'true' } : {}),
  };
  return `${['apiVersion: v1', 'data:', ...yaml(data, 2), 'kind: ConfigMap', 'metadata:', '  name: cilium-config', '  namespace: kube-system'].join('\n')}\n`;
}

/** `cilium-sysdump.log`: cilium-cli's own log, with the failed-task block when there are failures. */
export function sysdumpLog(c: Cluster, pods: readonly string[]): string {
  const lines = [`🔍 Collecting sysdump with cilium-cli version: ${c.s.cliVersion}, args: [sysdump --output-filename ${c.s.root ?? 'cilium-sysdump-<ts>'}]`];
  lines.push('🔍 Collecting Kubernetes nodes', '🔍 Collecting Cilium pods', '🔍 Collecting Cilium nodes', '🔍 Collecting Cilium endpoints', '🔍 Collecting Kubernetes services');
  for (const p of pods) lines.push(`🔍 Collecting bugtool output from pod ${p}`);
  lines.push('🔍 Collecting logs from Cilium pods', '🔍 Collecting Hubble flows from Cilium pods');
  if (c.failedTasks.length > 0) {
    lines.push('⚠️ The following tasks failed, the sysdump may be incomplete:');
    c.failedTasks.forEach((t, i) => lines.push(`⚠️ [${14 + i}] ${t.task}: ${t.error}`));
    lines.push('⚠️ Please note that depending on your Cilium version and installation options, this may be expected');
  }
  lines.push('🗳 Compiling sysdump');
  lines.push(`✅ The sysdump has been saved to ${c.s.root ?? 'cilium-sysdump'}.zip`);
  return `${lines.join('\n')}\n`;
}

/** An agent's container log: logfmt (≤1.16) or slog text (1.17+), each line after the kubelet timestamp. */
export function agentLog(c: Cluster, n: Node): string {
  const lines: string[] = [];
  const base = Date.parse('2024-05-13T13:58:20Z');
  const stamp = (i: number) => new Date(base + i * 1371).toISOString().replace('Z', '123456Z');
  const info = [
    ['Started gops server', 'daemon'],
    ['Restored services from maps', 'service'],
    ['Initializing identity allocator', 'identity-cache'],
    ['Serving cilium health API', 'health-server'],
    ['Rewrote endpoint BPF program', 'endpoint'],
  ];
  for (let i = 0; i < c.s.logLinesPerAgent; i++) {
    const [msg, subsys] = info[i % info.length] as [string, string];
    lines.push(n.f.slog ? `${stamp(i)} time=${stamp(i)} level=INFO source=/go/src/github.com/cilium/cilium/pkg/daemon.go:${100 + i} msg="${msg}" module=agent.${subsys}` : `${stamp(i)} level=info msg="${msg}" subsys=${subsys}`);
    if (i > 0 && n.logErrors > 0 && i % Math.max(1, Math.floor(c.s.logLinesPerAgent / n.logErrors)) === 0) {
      const peer = c.nodes[(i % (c.nodes.length - 1)) + 1] ?? n;
      const msg = 'Unable to update CiliumNode resource, will retry';
      const err = `Put "https://10.96.0.1:443/apis/cilium.io/v2/ciliumnodes/${peer.name}": context deadline exceeded`;
      lines.push(n.f.slog ? `${stamp(i)} time=${stamp(i)} level=ERROR source=/go/src/github.com/cilium/cilium/pkg/nodediscovery/nodediscovery.go:512 msg="${msg}" module=agent.controlplane.node-discovery error="${err.replace(/"/g, '\\"')}"` : `${stamp(i)} level=error msg="${msg}" error="${err.replace(/"/g, '\\"')}" subsys=nodediscovery`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A failed container's log as the kubelet serves it: the given lines, each after an RFC3339Nano timestamp, the
 * last one at `end` (when the run ended), 137 ms apart.
 */
export function stampedLog(lines: readonly string[], end: string): string {
  const last = Date.parse(end);
  const out = lines.map((line, i) => `${new Date(last - (lines.length - 1 - i) * 137).toISOString().replace('Z', '512304Z')} ${line}`);
  return `${out.join('\n')}\n`;
}

/** `k8s-events-<ts>.yaml`: the EventList of core/v1 (cilium-cli `ListEvents`, all namespaces), in the printer's form. */
export function eventsYaml(c: Cluster): string {
  const agentPod = (node: string) => c.nodes.find((n) => n.name === node)?.pod ?? node;
  const items = (c.events ?? []).map((e, i) => {
    const [kind, rawName = ''] = e.object.split('/') as [string, string?];
    const name = rawName.startsWith('agent:') ? agentPod(rawName.slice(6)) : rawName;
    const namespace = kind === 'Node' ? 'default' : (e.namespace ?? 'kube-system');
    return {
      count: e.count ?? 1,
      eventTime: null,
      firstTimestamp: e.firstTimestamp,
      involvedObject: { apiVersion: 'v1', ...(e.fieldPath ? { fieldPath: e.fieldPath } : {}), kind, name, ...(kind === 'Node' ? {} : { namespace }), uid: uid(c, `${kind}-${name}`) },
      lastTimestamp: e.lastTimestamp ?? e.firstTimestamp,
      message: e.message,
      metadata: { creationTimestamp: e.firstTimestamp, name: `${name}.17a0b6c3${(0xd2e1f000 + i * 4099).toString(16)}`, namespace, resourceVersion: String(90000 + i), uid: uid(c, `event-${i}`) },
      reason: e.reason,
      reportingComponent: e.component ?? 'kubelet',
      reportingInstance: e.host ?? '',
      source: { component: e.component ?? 'kubelet', ...(e.host ? { host: e.host } : {}) },
      type: e.type,
    };
  });
  return list('v1', 'EventList', items);
}

/** `hubble observe -o jsonpb` lines: forwarded flows, and the dropped ones a drops fault asks for. */
export function hubbleFlows(c: Cluster, n: Node): string {
  const lines: string[] = [];
  const time = (i: number) => new Date(Date.parse('2024-05-13T14:14:50Z') + i * 97).toISOString().replace('Z', '000000Z');
  const e = n.endpoints[0];
  for (let i = 0; i < 6; i++) {
    lines.push(JSON.stringify({ flow: { time: time(i), verdict: 'FORWARDED', IP: { source: e?.ip, destination: c.services[0]?.backends[0]?.split(':')[0], ipVersion: 'IPv4' }, l4: { TCP: { source_port: 40000 + i, destination_port: 8080, flags: { SYN: true } } }, node_name: n.name, traffic_direction: 'EGRESS', Type: 'L3_L4' }, node_name: n.name, time: time(i) }));
  }
  for (const d of n.drops) {
    for (let i = 0; i < Math.min(d.count, 3); i++) {
      lines.push(
        JSON.stringify({
          flow: {
            time: time(10 + i),
            verdict: 'DROPPED',
            drop_reason: 133,
            drop_reason_desc: d.reason.toUpperCase().replace(/[^A-Z]+/g, '_'),
            IP: { source: '10.0.99.7', destination: e?.ip, ipVersion: 'IPv4' },
            l4: { TCP: { source_port: 51234 + i, destination_port: 8080, flags: { SYN: true } } },
            source: { identity: 2, labels: ['reserved:world'] },
            destination: { identity: e?.identity, namespace: e?.namespace, pod_name: e?.pod },
            node_name: n.name,
            traffic_direction: 'INGRESS',
            Type: 'L3_L4',
          },
          node_name: n.name,
          time: time(10 + i),
        }),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function uid(c: Cluster, key: string): string {
  let h = c.s.seed >>> 0;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const hex = (h.toString(16) + (h ^ 0xabcdef12).toString(16) + (Math.imul(h, 31) >>> 0).toString(16) + '0'.repeat(32)).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
