import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { agentLogs, quickLevel, readRecord, signatureOf } from '../../src/parsers/agent-logs.js';
import { ciliumDebuginfo } from '../../src/parsers/cilium-debuginfo.js';
import { ciliumHealthGet } from '../../src/parsers/cilium-health-get.js';
import { ciliumMetricsList } from '../../src/parsers/cilium-metrics-list.js';
import { ciliumNodeListJson } from '../../src/parsers/cilium-node-list.js';
import { ciliumServiceListJson } from '../../src/parsers/cilium-service-list.js';
import { ciliumSysdumpLog } from '../../src/parsers/cilium-sysdump-log.js';
import { hostname } from '../../src/parsers/hostname.js';
import { hubbleFlows } from '../../src/parsers/hubble-flows.js';
import { parserGoldens, parseText } from './harness.js';

parserGoldens(ciliumDebuginfo);
parserGoldens(ciliumNodeListJson, 'cilium-node-list-json');
parserGoldens(ciliumServiceListJson, 'cilium-service-list-json');
parserGoldens(ciliumMetricsList);
parserGoldens(hubbleFlows);
parserGoldens(agentLogs);
parserGoldens(ciliumSysdumpLog);
parserGoldens(ciliumHealthGet);
parserGoldens(hostname);

const input = (dir: string, ext: string) => readFileSync(new URL(`./fixtures/${dir}/input.${ext}`, import.meta.url), 'utf8');

describe('agent files: focused', () => {
  it('debuginfo: version, status from JSON, endpoints with pod names, services, the node list and its self', () => {
    const d = parseText(ciliumDebuginfo, input('cilium-debuginfo/v1.16', 'json')).data;
    assert.equal(d?.version?.daemon, '1.16.5');
    assert.equal(d?.status?.format, 'json');
    assert.deepEqual(d?.status?.ipam?.ipv4, { used: 5, total: 254, cidr: '10.0.0.0/24' });
    assert.equal(d?.status?.routing?.network, 'Native');
    assert.equal(d?.nodeList?.self, 'node-a');
    assert.deepEqual(d?.nodeList?.entries.map((e) => [e.name, e.cidrs[0]]), [['node-a', '10.0.0.0/24'], ['node-b', '10.0.1.0/24'], ['node-c', '10.0.2.0/24']]);
    assert.ok(d?.endpoints?.items.some((e) => e.pod?.startsWith('default/')));
    assert.equal(d?.services?.services[0]?.frontend, '10.96.0.1:443');
    assert.equal(parseText(ciliumDebuginfo, input('cilium-debuginfo/v1.10', 'json')).data?.status?.hostRouting?.mode, 'Legacy');
  });

  it('logs: one signature per message shape, warnings counted, a panic kept, a stack trace not a diagnostic per line', () => {
    const r = parseText(agentLogs, input('agent-logs/_error_/panic-and-json', 'log'), 'cilium-sysdump-20240611-124232/logs-cilium-x7k2p-cilium-agent-20240611-124232-prev.log');
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.data?.container, 'cilium-agent');
    assert.equal(r.data?.previous, true);
    assert.deepEqual(r.data?.signatures.map((s) => [s.level, s.signature, s.count, s.firstTime, s.lastTime]), [
      ['error', 'Unable to connect to kvstore: context deadline exceeded', 2, '2024-06-11T12:40:02Z', '2024-06-11T12:40:03Z'],
      ['panic', 'panic: runtime error: invalid memory address or nil pointer dereference', 1, '2024-06-11T12:40:05.000000001Z', '2024-06-11T12:40:05.000000001Z'],
    ]);
  });

  it('logs: the quick level agrees with the full parse on every format, and reads the record\'s level, not the message\'s', () => {
    const lines = [
      '2024-06-11T12:40:01.1Z level=info msg="Rewrote endpoint BPF program" subsys=endpoint',
      '2024-06-11T12:40:01.1Z level=warning msg="Unable to find identity" subsys=identity',
      '2024-06-11T12:40:01.1Z time=2024-06-11T12:40:01Z level=ERROR source=/go/src/x.go:1 msg="level=info inside" module=agent',
      '2024-06-11T12:40:01.1Z {"level":"error","msg":"kvstore","subsys":"kvstore"}',
      '2024-06-11T12:40:01.1Z time="2024-06-11T12:40:01Z" level="warn" msg="x"',
    ];
    assert.deepEqual(lines.map(quickLevel), ['info', 'warning', 'error', 'error', 'warning']);
    for (const line of lines) assert.equal(quickLevel(line), readRecord(line.slice(line.indexOf(' ') + 1))?.level);
    assert.equal(quickLevel('panic: runtime error'), null);
    assert.equal(quickLevel('loglevel=info'), null);
  });

  it('logs: lines without a level are read only where decisive: a verifier rejection, Envoy levels, known init lines', () => {
    const at = (container: string, pod = 'cilium-x7k2p') => `cilium-sysdump-20240513-141502/logs-${pod}-${container}-20240513-141502.log`;
    const agent = parseText(agentLogs, ['2024-05-13T14:10:00.1Z Verifier error: program cil_to_host: load program: invalid argument: unreachable insn 68 (1 line(s) omitted)', '2024-05-13T14:10:00.1Z Verifier log: load program: invalid argument:', '2024-05-13T14:10:00.1Z         unreachable insn 68', '2024-05-13T14:10:00.2Z nsenter: cannot open /hostproc/1/ns/cgroup: No such file or directory'].join('\n'), at('cilium-agent'));
    // The agent's own plain lines other than the marker are not read, not even a line the init entries know.
    assert.deepEqual(agent.data?.signatures.map((x) => [x.level, x.known, x.first.src.line]), [['error', 'bpf-verifier-rejected', 1]]);
    assert.equal(agent.data?.unparsedLines, 3);
    const init = parseText(agentLogs, ['2024-05-13T14:10:00.1Z Installing cilium-cni to /host/opt/cni/bin/cilium-cni ...', '2024-05-13T14:10:00.2Z nsenter: cannot open /hostproc/1/ns/cgroup: No such file or directory', '2024-05-13T14:10:00.3Z Verifier error: program x: load program: invalid argument'].join('\n'), at('mount-cgroup'));
    assert.deepEqual(init.data?.signatures.map((x) => [x.level, x.known]), [['error', 'mount-cgroup-no-cgroup-namespace']]);
    assert.equal(init.data?.unparsedLines, 2);
    const envoy = parseText(agentLogs, ['[2024-10-17 17:11:30.100][7][debug][upstream] [external/envoy/source/common/upstream/cluster_manager_impl.cc:1] x', '[2024-10-17 17:11:30.530][15][warning][router] [cilium/uds_client.cc:71] Connect to /var/run/cilium/envoy/sockets/access_log.sock failed: Connection refused', '[2024-10-17 17:11:31.000][7][warning][main] [x.cc:1] an unknown warning', 'a plain line Envoy does not know'].join('\n'), at('cilium-envoy', 'cilium-envoy-4k2lp'));
    assert.deepEqual(envoy.data?.signatures.map((x) => [x.level, x.subsys, x.known]), [['warning', 'router', 'envoy-agent-socket-refused']]);
    assert.deepEqual([envoy.data?.warnings, envoy.data?.unparsedLines], [2, 1]);
  });

  it('logs: the containers of clustermesh-apiserver are its component, and the agent\'s init containers are init', () => {
    const of = (name: string) => {
      const d = parseText(agentLogs, '2024-05-13T14:10:00.1Z level=info msg=x\n', `cilium-sysdump-20240513-141502/${name}`).data;
      return [d?.container, d?.component];
    };
    assert.deepEqual(['etcd-init', 'etcd', 'apiserver', 'kvstoremesh'].map((c) => of(`logs-clustermesh-apiserver-5d8f6c9b7-xv7bq-${c}-20240513-141502.log`)), [['etcd-init', 'clustermesh-apiserver'], ['etcd', 'clustermesh-apiserver'], ['apiserver', 'clustermesh-apiserver'], ['kvstoremesh', 'clustermesh-apiserver']]);
    assert.deepEqual(of('logs-cilium-x7k2p-apply-sysctl-overwrites-20240513-141502-prev.log'), ['apply-sysctl-overwrites', 'init']);
  });

  it('logs: the variable parts of a message are taken out of its signature', () => {
    assert.equal(signatureOf('Unable to update CiliumNode resource', 'Put "https://10.96.0.1:443/apis/cilium.io/v2/ciliumnodes/k8s-n2": context deadline exceeded'), 'Unable to update CiliumNode resource: Put "…": context deadline exceeded');
    assert.equal(signatureOf('Endpoint 1234 regeneration failed after 3.5s', null), 'Endpoint <n> regeneration failed after <duration>');
  });

  it('Hubble flows: dropped flows only, with reason and addresses; a cut last line is a warning', () => {
    const text = input('hubble-flows/v1.16-drops', 'json');
    const r = parseText(hubbleFlows, `${text}{"flow":{"time":"2024`);
    assert.deepEqual(r.data?.map((d) => [d.reason, d.srcAddress, d.direction]), Array(3).fill(['POLICY_DENIED', '10.0.99.7:51234', 'INGRESS']).map((x, i) => [x[0], `10.0.99.7:${51234 + i}`, x[2]]));
    assert.deepEqual(r.diagnostics.map((d) => d.message), ['Truncated last flow line: skipped']);
  });

  it('sysdump log: cli version and the failed tasks, old and new forms', () => {
    const r = parseText(ciliumSysdumpLog, input('cilium-sysdump-log/cli-0.14-failed-tasks', 'log')).data;
    assert.equal(r?.cliVersion, 'v0.14.0');
    assert.deepEqual(r?.failedTasks.map((t) => t.task), ['Collecting Cilium egress NAT policies', 'Collecting Cilium Egress Gateway policies', 'Collecting Cilium local redirect policies']);
    // The old one-line form lists each error below it (go-multierror): each is a failed task of its own.
    assert.deepEqual(parseText(ciliumSysdumpLog, input('cilium-sysdump-log/old-multierror', 'log')).data?.failedTasks.map((t) => [t.task, t.error]), [
      ['Cilium egress NAT policies', 'the server could not find the requested resource'],
      ['cilium-bugtool output from "kube-system/cilium-abcde"', 'command terminated with exit code 1'],
    ]);
  });

  it('metrics list: drop counters only', () => {
    assert.deepEqual(parseText(ciliumMetricsList, input('cilium-metrics-list/v1.16-drops', 'md')).data?.drops.map((d) => [d.reason, d.count, d.direction]), [['Policy denied', 12, 'INGRESS']]);
  });
});
