import check from '../../src/checks/bpf-map-full.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const metrics = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-metrics-list.md');
const config = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-config--a.md');
const ct = scenario({ faults: [{ kind: 'bpf-map-full', node: 'node-b', map: 'ct' }] });
// node-a's NAT map is full (metric); node-c has no metric for its CT map, only the dump, at 95%.
const two = scenario({ faults: [{ kind: 'bpf-map-full', node: 'node-a', map: 'nat' }, { kind: 'bpf-map-full', node: 'node-c', map: 'ct' }] }, (f) => {
  const m = metrics('cilium-ccccc');
  f[m] = (f[m] as string).split('\n').filter((l) => !l.startsWith('cilium_bpf_map_pressure')).join('\n');
  const c = config('cilium-ccccc');
  f[c] = (f[c] as string).replace(/^CTMapEntriesGlobalTCP( +): 4096$/m, 'CTMapEntriesGlobalTCP$1: 4300');
});

checkTester(check, {
  valid: [
    { name: 'maps nearly empty', files: scenario().files },
    { name: 'CT map full below the warning threshold', files: ct.files, thresholds: { 'bpf-map-full.warnPercent': 101, 'bpf-map-full.errorPercent': 101 } },
  ],
  invalid: [
    { name: 'CT map full on one node', files: ct.files, findings: [{ messageId: 'full', data: { node: 'node-b', map: 'cilium_ct4_global', percent: '100', size: ' (now 4096 on this node)', key: 'bpf-ct-global-tcp-max' }, nodes: ['node-b'], evidence: [ct.at(metrics('cilium-bbbbb'), 'cilium_ct4_global'), ct.at(config('cilium-bbbbb'), 'CTMapEntriesGlobalTCP')] }] },
    {
      name: 'NAT map full by metric, CT map nearly full by its dump',
      files: two.files,
      findings: [
        { messageId: 'full', data: { node: 'node-a', map: 'cilium_snat_v4_external', key: 'bpf-nat-global-max' }, nodes: ['node-a'], evidence: [two.at(metrics('cilium-aaaaa'), 'cilium_snat_v4_external'), two.at(config('cilium-aaaaa'), 'NATMapEntriesGlobal')] },
        { messageId: 'nearlyFull', data: { node: 'node-c', map: 'cilium_ct4_global', percent: '95' }, nodes: ['node-c'], evidence: [{ file: agentFile('cilium-ccccc', 'cmd/cilium-dbg-bpf-ct-list-global.md'), line: null }, two.at(config('cilium-ccccc'), 'CTMapEntriesGlobalTCP')] },
      ],
    },
  ],
});
