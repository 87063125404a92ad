import check from '../../src/checks/kernel-config-missing.js';
import { checkTester } from './tester.js';
import { agentFile, scenario, TS } from './scenario.js';

const config = (pod: string) => agentFile(pod, 'conf/kernel-config');
const cm = `cilium-configmap-${TS}.yaml`;
const routing = scenario({ faults: [{ kind: 'kernel-option-missing', node: 'node-b', option: 'CONFIG_IP_MULTIPLE_TABLES' }] });
const ipsec = scenario(
  {
    faults: [
      { kind: 'kernel-option-missing', node: 'node-c', option: 'CONFIG_XFRM_USER' },
      { kind: 'kernel-option-missing', node: 'node-c', option: 'CONFIG_INET_ESP' },
      { kind: 'kernel-option-missing', node: 'node-a', option: 'CONFIG_NETFILTER_XT_MATCH_SOCKET' },
    ],
  },
  (f) => {
    f[cm] = (f[cm] as string).replace('  enable-hubble: "true"', '  enable-hubble: "true"\n  enable-ipsec: "true"');
  },
);

checkTester(check, {
  valid: [
    { name: 'every option set', files: scenario().files },
    { name: 'no WireGuard support while WireGuard is off', files: scenario({ faults: [{ kind: 'kernel-option-missing', node: 'node-a', option: 'CONFIG_WIREGUARD' }] }).files },
  ],
  invalid: [
    {
      name: 'policy routing compiled out',
      files: routing.files,
      findings: [{ messageId: 'missing', data: { node: 'node-b', options: 'CONFIG_IP_MULTIPLE_TABLES', feature: 'policy routing', setting: '' }, nodes: ['node-b'], evidence: [routing.at(config('cilium-bbbbb'), '# CONFIG_IP_MULTIPLE_TABLES is not set')] }],
    },
    {
      name: 'IPsec on without XFRM user and ESP, L7 proxy without xt_socket',
      files: ipsec.files,
      findings: [
        { messageId: 'missing', data: { node: 'node-c', options: 'CONFIG_XFRM_USER and CONFIG_INET_ESP', count: 2, feature: 'IPsec encryption' }, nodes: ['node-c'], evidence: [ipsec.at(config('cilium-ccccc'), 'CONFIG_XFRM_USER'), ipsec.at(config('cilium-ccccc'), 'CONFIG_INET_ESP'), ipsec.at(cm, 'enable-ipsec')] },
        // enable-l7-proxy is not in the ConfigMap: the agent's own config says it is on.
        { messageId: 'degraded', data: { node: 'node-a', options: 'CONFIG_NETFILTER_XT_MATCH_SOCKET', feature: 'L7 and FQDN policies', setting: ", enabled by the agent's EnableL7Proxy: true" }, nodes: ['node-a'], evidence: [ipsec.at(config('cilium-aaaaa'), 'CONFIG_NETFILTER_XT_MATCH_SOCKET'), ipsec.at(agentFile('cilium-aaaaa', 'cmd/cilium-dbg-config--a.md'), 'EnableL7Proxy')] },
      ],
    },
  ],
});
