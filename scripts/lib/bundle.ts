// Lays a cluster out as a sysdump (sysdump-format.md §1–§4) and says which findings its faults must produce.
import { gzipSync } from 'node:zlib';
import { OPERATOR_POD, agentLog, ciliumEndpointsYaml, ciliumNodesYaml, configMapYaml, endpointSlicesYaml, eventsYaml, hubbleFlows, nodesYaml, podsTable, podsYaml, servicesYaml, stampedLog, sysdumpLog, versionTxt } from './render-k8s.js';
import { controllers, debuginfo, endpointListText, healthJson, healthText, metricsList, nodeListJson, nodeListText, serviceListJson, serviceListText, statusVerbose } from './render-agent.js';
import { bpfCtList, bpfIpcacheList, bpfLbList, bpfNatList, bpfTunnelList, cniConfs, configA, encryptStatus, ipAddr, ipLink, ipRoute4, ipRoute6, ipRule, iptablesSave, kernelConfig, lsmod, nodeUsage, sysctlA, unameA, xfrmStat } from './render-host.js';
import type { Cluster, Node } from './scenario.js';
import { CATALOG, type CheckSlug } from '../../src/checks/catalog.js';

export interface BundleFile {
  /** Path inside the bundle, the root folder included. */
  path: string;
  content: Buffer;
}

export interface ExpectedFinding {
  id: string;
  slug: string;
  nodes: string[];
  file: string;
  line: number | null;
}


/** 1-based line of the first line containing every needle in turn (each after the previous), or null. */
export function lineOf(content: string, ...needles: string[]): number | null {
  const lines = content.split('\n');
  let i = 0;
  for (const needle of needles) {
    while (i < lines.length && !(lines[i] as string).includes(needle)) i++;
    if (i >= lines.length) return null;
    if (needle !== needles[needles.length - 1]) i++;
  }
  return i + 1;
}

/**
 * One file of a bundle, rendered only when asked, so that a 2,000-node bundle can be written as a stream. Agent
 * command outputs carry their agent and the path inside the bugtool folder.
 */
export interface LazyFile {
  /** Path under the root folder. */
  path: string;
  render: () => string;
  /** Binary content (a pprof profile), when the file is not text; writers use it instead of `render`. */
  bytes?: () => Buffer;
  agent?: { node: Node; inner: string };
}

export function sysdumpTime(ts: string): string {
  return `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(9, 11)}:${ts.slice(11, 13)}:${ts.slice(13, 15)}Z`;
}

/** The files of a sysdump of cluster `c`, in collection order (sysdump-format.md §1–§4). */
export function* layout(c: Cluster): Generator<LazyFile> {
  const ts = c.s.timestamp;
  const time = sysdumpTime(ts);
  const agents = c.nodes.filter((n) => !n.agentMissing);
  const file = (path: string, render: () => string): LazyFile => ({ path, render });

  yield file('cilium-sysdump.log', () => sysdumpLog(c, agents.map((n) => n.pod)));
  yield file(`k8s-nodes-${ts}.yaml`, () => nodesYaml(c));
  if (c.events) yield file(`k8s-events-${ts}.yaml`, () => eventsYaml(c));
  yield file(`k8s-pods-${ts}.yaml`, () => podsYaml(c));
  yield file(`k8s-pods-${ts}.txt`, () => podsTable(c));
  yield file(`k8s-version-${ts}.txt`, () => versionTxt(c));
  yield file(`ciliumnodes-${ts}.yaml`, () => ciliumNodesYaml(c));
  yield file(`ciliumendpoints-${ts}.yaml`, () => ciliumEndpointsYaml(c));
  yield file(`k8s-services-${ts}.yaml`, () => servicesYaml(c));
  if (cliAtLeast(c.s.cliVersion, 0, 16, 20)) yield file(`k8s-endpointslices-${ts}.yaml`, () => endpointSlicesYaml(c));
  yield file(`cilium-configmap-${ts}.yaml`, () => configMapYaml(c));
  yield file(`k8s-namespaces-${ts}.yaml`, () => 'apiVersion: v1\nitems: []\nkind: NamespaceList\nmetadata:\n  resourceVersion: "1"\n');
  if (cliAtLeast(c.s.cliVersion, 0, 18, 8)) yield file(`k8s-node-memory-cpu-usage-${ts}.txt`, () => nodeUsage(c));

  const op = c.operatorRestarts;
  if (op?.lines) {
    const opLog = () => stampedLog(op.lines as string[], op.finishedAt ?? '2024-05-13T13:58:12Z');
    // A container waiting to restart has no current run: the kubelet serves the last one as both logs.
    yield file(`logs-${OPERATOR_POD}-cilium-operator-${ts}.log`, op.reason === 'CrashLoopBackOff' ? opLog : () => stampedLog(['level=info msg="Cilium Operator" subsys=cilium-operator-generic'], '2024-05-13T13:58:20Z'));
    yield file(`logs-${OPERATOR_POD}-cilium-operator-${ts}-prev.log`, opLog);
  }

  for (const n of agents) {
    const p = n.f.prefix;
    const folder = `cilium-bugtool-${n.pod}-${ts}`;
    const cmd = (inner: string, render: () => string): LazyFile => ({ path: `${folder}/${inner}`, render, agent: { node: n, inner } });
    const bugtool = !n.restarts?.noBugtool;
    // A crash-looping agent cannot be exec'ed into: the bundle has no bugtool output of it.
    if (bugtool) {
      yield cmd(`cmd/${p}-status---verbose.md`, () => statusVerbose(c, n, time));
      if (n.f.health === 'plain') yield cmd('cmd/cilium-health-status.md', () => healthText(c, n, time));
      if (n.f.health === 'verbose') {
        yield cmd('cmd/cilium-health-status---verbose.md', () => healthText(c, n, time));
        yield cmd('cmd/cilium-health-status--o-json.md', () => healthJson(c, n, time));
      }
      yield cmd(`cmd/${p}-node-list.md`, () => nodeListText(c, n));
      if (n.f.nodeListJson) yield cmd(`cmd/${p}-node-list--o-json.md`, () => nodeListJson(c, n));
      if (n.f.endpointListText) yield cmd(`cmd/${p}-endpoint-list.md`, () => endpointListText(n));
      yield cmd(`cmd/${p}-service-list.md`, () => serviceListText(c, n));
      if (n.f.serviceJson) yield cmd(`cmd/${p}-service-list--o-json.md`, () => serviceListJson(c, n));
      yield cmd(`cmd/${p}-metrics-list.md`, () => metricsList(n));
      yield cmd(`cmd/cilium-debuginfo-${ts}.337+0000-UTC.json`, () => debuginfo(c, n));
      yield cmd('cmd/hostname.md', () => `${n.name}\n`);
      yield cmd('cmd/uname--a.md', () => unameA(n));
      yield* hostFiles(c, n, cmd);
      yield cmd('cmd/ip--4-r.md', () => ipRoute4(c, n));
      yield cmd('cmd/ip--6-r.md', () => ipRoute6(c, n));
      for (const empty of n.emptyOutputs) yield cmd(empty.replace('<p>', p), () => '');
    }
    const r = n.restarts;
    // Extra real lines end a minute before the collection, so they are current when the bundle is taken.
    const current = () => `${agentLog(c, n)}${n.extraLog.length > 0 ? stampedLog(n.extraLog, new Date(Date.parse(time) - 60_000).toISOString()) : ''}`;
    if (r?.lines) {
      const failed = () => stampedLog(r.lines as string[], r.finishedAt ?? '2024-05-13T13:58:12Z');
      const container = r.container ?? 'cilium-agent';
      const down = r.reason === 'CrashLoopBackOff' || (r.reason === 'OOMKilled' && r.running === false);
      if (container !== 'cilium-agent') {
        // The agent container never started: the kubelet has no log of it.
        yield file(`logs-${n.pod}-${container}-${ts}.log`, failed);
        yield file(`logs-${n.pod}-${container}-${ts}-prev.log`, failed);
      } else {
        yield file(`logs-${n.pod}-cilium-agent-${ts}.log`, down ? failed : current);
        yield file(`logs-${n.pod}-cilium-agent-${ts}-prev.log`, failed);
      }
    } else {
      yield file(`logs-${n.pod}-cilium-agent-${ts}.log`, current);
      if (r) yield file(`logs-${n.pod}-cilium-agent-${ts}-prev.log`, () => agentLog(c, { ...n, logErrors: 0 }));
    }
    if (bugtool) yield file(`hubble-flows-${n.pod}-${ts}.json`, () => hubbleFlows(c, n));
    // cilium-cli copies /etc/cni/net.d of every agent from v0.11.5 (v0.10.5).
    if (cliAtLeast(c.s.cliVersion, 0, 11, 5)) for (const conf of cniConfs(n)) yield file(`cniconf-${conf.file}-${n.pod}-${ts}.txt`, () => conf.content);
  }
}

/** The node's own outputs (sysdump-format.md §2.2, §2.5), by the agent's version. */
function* hostFiles(c: Cluster, n: Node, cmd: (inner: string, render: () => string) => LazyFile): Generator<LazyFile> {
  const p = n.f.prefix;
  yield cmd('conf/kernel-config', () => kernelConfig(n));
  yield cmd('cmd/lsmod.md', () => lsmod(c));
  yield cmd('cmd/sysctl--a.md', () => sysctlA(c, n));
  yield cmd(n.f.minor >= 14 ? 'cmd/ip--d-rule.md' : 'cmd/ip-rule.md', () => ipRule(c, n));
  yield cmd('cmd/ip-a.md', () => ipAddr(c, n));
  yield cmd(n.f.minor >= 18 ? 'cmd/ip--d--s--s-l.md' : 'cmd/ip--d--s-l.md', () => ipLink(c, n));
  yield cmd('cmd/iptables-save--c.md', () => iptablesSave(c, n));
  yield cmd(n.f.minor >= 11 ? `cmd/${p}-config--a.md` : 'cmd/cilium-config.md', () => configA(c, n));
  if (n.f.minor >= 11) yield cmd(`cmd/${p}-encrypt-status.md`, () => encryptStatus(c, n));
  yield cmd('cmd/cat--proc-net-xfrm_stat.md', () => xfrmStat(n, 'first'));
  if (n.f.minor >= 15) yield cmd('cmd/cat--u--proc-net-xfrm_stat.md', () => xfrmStat(n, 'last'));
  yield cmd(n.f.minor >= 18 ? `cmd/${p}-bpf-ct-list-global---time-diff.md` : `cmd/${p}-bpf-ct-list-global.md`, () => bpfCtList(c, n));
  yield cmd(`cmd/${p}-bpf-nat-list.md`, () => bpfNatList(n));
  // 1.16+ bugtool tests the kvstore connection; the generated clusters run in CRD mode (cilium-dbg/cmd/troubleshoot_kvstore.go).
  if (n.f.minor >= 16) yield cmd(`cmd/${p}-troubleshoot-kvstore.md`, () => 'Unable to read etcd configuration: /var/lib/etcd-config/etcd.config\nThis is expected when Cilium is running in CRD mode\n');
  if (c.s.hostMaps !== false) {
    yield cmd(`cmd/${p}-bpf-lb-list.md`, () => bpfLbList(c));
    yield cmd(`cmd/${p}-bpf-ipcache-list.md`, () => bpfIpcacheList(c, n));
    yield cmd(`cmd/${p}-bpf-tunnel-list.md`, () => bpfTunnelList(c, n));
  }
}

export function renderBundle(c: Cluster): { files: BundleFile[]; expected: ExpectedFinding[] } {
  const ts = c.s.timestamp;
  const root = c.s.root ?? `cilium-sysdump-${ts}`;
  const text = new Map<string, string>();
  const agentFiles = new Map<string, Map<string, string>>();
  for (const f of layout(c)) {
    const content = f.render();
    if (f.agent) {
      const cmd = agentFiles.get(f.agent.node.name) ?? new Map<string, string>();
      agentFiles.set(f.agent.node.name, cmd);
      cmd.set(f.agent.inner, content);
      if (f.agent.node.unextracted) continue;
    }
    text.set(`${root}/${f.path}`, content);
  }

  const files: BundleFile[] = [...text].map(([path, content]) => ({ path, content: Buffer.from(content) }));
  for (const n of c.nodes.filter((x) => !x.agentMissing && x.unextracted)) {
    files.push({ path: `${root}/cilium-bugtool-${n.pod}-${ts}.tar.gz`, content: bugtoolArchive(agentFiles.get(n.name) as Map<string, string>, ts) });
  }
  files.sort((a, b) => a.path.localeCompare(b.path));
  const agentPath = (n: Node, inner: string) => (n.unextracted ? `${root}/cilium-bugtool-${n.pod}-${ts}.tar.gz!/cilium-bugtool-${ts}-337+0000-UTC-2981451032/${inner}` : `${root}/cilium-bugtool-${n.pod}-${ts}/${inner}`);
  return { files, expected: expectations(c, root, text, agentFiles, agentPath) };
}

function cliAtLeast(version: string, major: number, minor: number, patch: number): boolean {
  const [a = 0, b = 0, d = 0] = version.replace(/^v/, '').split('.').map(Number);
  return a !== major ? a > major : b !== minor ? b > minor : d >= patch;
}

/** A bugtool archive left unextracted: `<tmpdir>/cmd/...` members in a tar.gz (bugtool/cmd/root.go). */
function bugtoolArchive(cmd: Map<string, string>, ts: string): Buffer {
  const blocks: Buffer[] = [];
  for (const [path, content] of cmd) {
    const body = Buffer.from(content);
    blocks.push(ustarHeader(`cilium-bugtool-${ts}-337+0000-UTC-2981451032/${path}`, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** A POSIX ustar header for a regular file (names over 100 bytes use the prefix field). */
export function ustarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
  }
  h.write(base, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  h.write(`${Math.floor(Date.parse('2024-05-13T14:15:02Z') / 1000).toString(8).padStart(11, '0')}\0`, 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

type AgentPath = (n: Node, inner: string) => string;

function expectations(c: Cluster, root: string, text: Map<string, string>, agentFiles: Map<string, Map<string, string>>, agentPath: AgentPath): ExpectedFinding[] {
  const ts = c.s.timestamp;
  const out: ExpectedFinding[] = [];
  const add = (slug: string, nodes: string[], file: string, line: number | null) => out.push({ id: CATALOG[slug as CheckSlug], slug, nodes: [...nodes].sort(), file, line });
  const node = (name: string) => c.nodes.find((n) => n.name === name) as Node;
  const cmdOf = (n: Node) => agentFiles.get(n.name) as Map<string, string>;
  const debuginfoOf = (n: Node) => {
    const inner = `cmd/cilium-debuginfo-${ts}.337+0000-UTC.json`;
    return { file: agentPath(n, inner), content: cmdOf(n).get(inner) as string };
  };
  const rootFile = (name: string) => ({ file: `${root}/${name}`, content: text.get(`${root}/${name}`) as string });
  /** The health output an observer's evidence comes from, best first, as the tool picks it. */
  const healthOf = (n: Node) => {
    for (const inner of ['cmd/cilium-health-status--o-json.md', 'cmd/cilium-health-status---verbose.md', 'cmd/cilium-health-status.md', `cmd/${n.f.prefix}-status---verbose.md`]) {
      const content = cmdOf(n).get(inner);
      if (content) return { file: agentPath(n, inner), content, json: inner.endsWith('json.md') };
    }
    return null;
  };
  const observers = c.nodes.filter((n) => !n.agentMissing).sort((a, b) => a.pod.localeCompare(b.pod));
  const healthLine = (o: Node, dest: Node, target: 'Host' | 'Endpoint') => {
    const h = healthOf(o);
    if (!h) return null;
    if (h.json) return { file: h.file, line: null };
    const ip = target === 'Host' ? dest.ip : dest.healthIp;
    return { file: h.file, line: lineOf(h.content, `${dest.name}${dest === o ? ' (localhost)' : ''}:`, `${target} connectivity to ${ip}:`, 'ICMP to stack:') };
  };

  for (const f of c.s.faults) {
    switch (f.kind) {
      case 'health-endpoint-unreachable':
      case 'node-unreachable': {
        const d = node(f.node);
        const o = observers.find((x) => x !== d) as Node;
        const at = healthLine(o, d, f.kind === 'node-unreachable' ? 'Host' : 'Endpoint');
        if (at) add('node-unreachable', [d.name], at.file, at.line);
        break;
      }
      case 'agent-isolated': {
        const o = node(f.node);
        const d = observers.find((x) => x !== o) as Node;
        const at = healthLine(o, d, 'Host');
        if (at) add('agent-isolated', [o.name], at.file, null);
        break;
      }
      case 'health-partition': {
        const a = node(f.groups[0][0] as string);
        const b = node(f.groups[1][0] as string);
        const at = healthLine(a, b, 'Host');
        if (at) add('health-partition', [...f.groups[0], ...f.groups[1]], at.file, null);
        break;
      }
      case 'health-asymmetric': {
        const at = healthLine(node(f.from), node(f.to), 'Endpoint');
        if (at) add('health-asymmetric', [f.from, f.to], at.file, at.line);
        break;
      }
      case 'health-latency': {
        const d = node(f.node);
        const o = observers.find((x) => x !== d) as Node;
        const at = healthLine(o, d, 'Host');
        if (at) add('health-latency', [d.name], at.file, null);
        break;
      }
      case 'pod-cidr-mismatch': {
        const n = node(f.node);
        const json = cmdOf(n).get(`cmd/${n.f.prefix}-node-list--o-json.md`);
        if (json) add('pod-cidr-mismatch', [n.name], agentPath(n, `cmd/${n.f.prefix}-node-list--o-json.md`), lineOf(json, `"name": "${n.name}"`, '"alloc-range"'));
        else {
          const d = debuginfoOf(n);
          add('pod-cidr-mismatch', [n.name], d.file, lineOf(d.content, '"nodes": [', `"name": "${n.name}"`, '"alloc-range"'));
        }
        break;
      }
      case 'pod-cidr-overlap': {
        const n = node(f.node);
        const other = c.nodes.find((x) => x !== n && x.cidr.startsWith(f.cidr.split('/')[0]?.replace(/\.0$/, '') ?? '')) ?? c.nodes.find((x) => x !== n) as Node;
        const cn = rootFile(`ciliumnodes-${ts}.yaml`);
        add('pod-cidr-overlap', [n.name, other.name], cn.file, lineOf(cn.content, `  name: ${n.name}`, 'podCIDRs:', '- '));
        break;
      }
      case 'ipam-exhaustion': {
        const d = debuginfoOf(node(f.node));
        add('ipam-exhaustion', [f.node], d.file, lineOf(d.content, '"status": "IPv4:'));
        break;
      }
      case 'controllers-failing': {
        const n = node(f.node);
        const failing = controllers(n).find((x) => x.count > 0);
        const d = debuginfoOf(n);
        add('controllers-failing', [n.name], d.file, lineOf(d.content, `"name": "${failing?.name}"`));
        break;
      }
      case 'agent-restarts': {
        // The finding cites the container's restart count first.
        const pods = rootFile(`k8s-pods-${ts}.yaml`);
        const init = f.container !== undefined && f.container !== 'cilium-agent';
        add('agent-restarts', [f.node], pods.file, lineOf(pods.content, `  name: ${node(f.node).pod}`, init ? 'initContainerStatuses:' : 'containerStatuses:', 'restartCount:'));
        break;
      }
      case 'operator-restarts': {
        const pods = rootFile(`k8s-pods-${ts}.yaml`);
        add('agent-restarts', [c.nodes[0]?.name as string], pods.file, lineOf(pods.content, `  name: ${OPERATOR_POD}`, 'containerStatuses:', 'restartCount:'));
        break;
      }
      case 'log-lines':
      case 'events':
        break;
      case 'agent-degraded': {
        const d = debuginfoOf(node(f.node));
        add('agent-degraded', [f.node], d.file, lineOf(d.content, '"state": "Warning"'));
        break;
      }
      case 'version-skew': {
        const d = debuginfoOf(node(f.node));
        add('version-skew', [f.node], d.file, lineOf(d.content, '"cilium-version"'));
        break;
      }
      case 'config-drift': {
        const d = debuginfoOf(node(f.node));
        add('config-drift', [f.node], d.file, lineOf(d.content, '"kube-proxy-replacement"', '"mode"'));
        break;
      }
      case 'node-view-mismatch': {
        const n = node(f.node);
        const json = cmdOf(n).get(`cmd/${n.f.prefix}-node-list--o-json.md`);
        const file = agentPath(n, json ? `cmd/${n.f.prefix}-node-list--o-json.md` : `cmd/${n.f.prefix}-node-list.md`);
        add('node-view-mismatch', [n.name, f.missing], file, null);
        break;
      }
      case 'ciliumnode-orphan': {
        const cn = rootFile(`ciliumnodes-${ts}.yaml`);
        add('ciliumnode-orphan', [f.name], cn.file, lineOf(cn.content, `  name: ${f.name}`));
        const o = observers[0] as Node;
        const json = cmdOf(o).get(`cmd/${o.f.prefix}-node-list--o-json.md`);
        add('node-view-mismatch', [f.name], agentPath(o, json ? `cmd/${o.f.prefix}-node-list--o-json.md` : `cmd/${o.f.prefix}-node-list.md`), null);
        break;
      }
      case 'agent-missing': {
        const k = rootFile(`k8s-nodes-${ts}.yaml`);
        add('agent-missing', [f.node], k.file, lineOf(k.content, `  name: ${f.node}`));
        add('ciliumnode-orphan', [f.node], k.file, lineOf(k.content, `  name: ${f.node}`));
        break;
      }
      case 'endpoint-ip-outside-cidr': {
        const ceps = rootFile(`ciliumendpoints-${ts}.yaml`);
        add('endpoint-ip-outside-cidr', [f.node], ceps.file, null);
        break;
      }
      case 'endpoint-not-ready': {
        const n = node(f.node);
        const e = n.endpoints[1];
        const ceps = rootFile(`ciliumendpoints-${ts}.yaml`);
        add('endpoint-not-ready', [n.name], ceps.file, lineOf(ceps.content, `  name: ${e?.pod}`));
        break;
      }
      case 'endpoint-stale': {
        const ceps = rootFile(`ciliumendpoints-${ts}.yaml`);
        add('endpoint-stale', [f.node], ceps.file, lineOf(ceps.content, '  name: cart-gone42'));
        break;
      }
      case 'service-no-backends': {
        const o = observers[0] as Node;
        const d = debuginfoOf(o);
        add('service-no-backends', observers.map((x) => x.name), d.file, null);
        break;
      }
      case 'drops': {
        const n = node(f.node);
        const inner = `cmd/${n.f.prefix}-metrics-list.md`;
        add('drops', [n.name], agentPath(n, inner), lineOf(cmdOf(n).get(inner) as string, `reason="${f.reason}"`));
        break;
      }
      case 'log-errors': {
        const n = node(f.node);
        const log = rootFile(`logs-${n.pod}-cilium-agent-${ts}.log`);
        add('log-errors', [n.name], log.file, lineOf(log.content, 'Unable to update CiliumNode'));
        break;
      }
      case 'failed-task': {
        const log = rootFile('cilium-sysdump.log');
        add('bundle-gaps', [], log.file, lineOf(log.content, f.task));
        break;
      }
      case 'empty-output': {
        const n = node(f.node);
        add('bundle-gaps', [n.name], agentPath(n, f.file.replace('<p>', n.f.prefix)), null);
        break;
      }
      case 'unextracted-bugtool':
        break;
      case 'bpf-map-full': {
        const n = node(f.node);
        const inner = `cmd/${n.f.prefix}-metrics-list.md`;
        add('bpf-map-full', [n.name], agentPath(n, inner), lineOf(cmdOf(n).get(inner) as string, f.map === 'ct' ? 'cilium_ct4_global' : 'cilium_snat_v4_external'));
        break;
      }
      case 'sysctl': {
        const n = node(f.node);
        const content = cmdOf(n).get('cmd/sysctl--a.md') as string;
        const glob = new RegExp(`^${f.key.replace(/[.]/g, '\\.').replace(/\*/g, '[^.]*')} = ${f.value}$`);
        const line = content.split('\n').findIndex((l) => glob.test(l)) + 1;
        if (/rp_filter$/.test(f.key) && f.value !== '0') add('sysctl-rp-filter', [n.name], agentPath(n, 'cmd/sysctl--a.md'), line);
        if (/(forwarding|ip_forward)$/.test(f.key) && f.value === '0') add('sysctl-forwarding-off', [n.name], agentPath(n, 'cmd/sysctl--a.md'), line);
        break;
      }
      case 'kube-proxy-leftover': {
        const n = node(f.node);
        add('kube-proxy-leftover', [n.name], agentPath(n, 'cmd/iptables-save--c.md'), lineOf(cmdOf(n).get('cmd/iptables-save--c.md') as string, ':KUBE-SERVICES'));
        break;
      }
      case 'kernel-old':
      case 'kernel-option-missing':
      case 'ip-rules-reset':
      case 'device-down':
      case 'mtu':
      case 'cni-conflict':
      case 'ipsec-errors':
      case 'wireguard-peers':
      case 'node-memory':
      case 'pod-cidr-routes-missing':
      case 'route-mtu':
        // Used by the check tests, which state their own expectations; no sample carries them yet.
        break;
    }
  }
  const silent = observers.filter((n) => n.f.health === 'none');
  if (silent.length > 0) {
    const first = silent.sort((a, b) => a.pod.localeCompare(b.pod))[0] as Node;
    add('bundle-gaps', silent.map((n) => n.name), agentPath(first, `cmd/${first.f.prefix}-status---verbose.md`), null);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id) || a.nodes.join().localeCompare(b.nodes.join()));
}
