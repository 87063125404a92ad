import check from '../../src/checks/mtu-mismatch.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const link = (pod: string) => agentFile(pod, 'cmd/ip--d--s-l.md');
const routes = (pod: string) => agentFile(pod, 'cmd/ip--4-r.md');
const differs = scenario({ faults: [{ kind: 'mtu', node: 'node-c', mtu: 1500 }] });
// node-b's eth0 dropped to 1500 after the agent gave its devices 9001: both findings.
const changed = scenario({ faults: [{ kind: 'mtu', node: 'node-b', mtu: 1500, nativeOnly: true }] });
// The same in tunnel mode: its routes to the other nodes keep 8951 (9001 less the tunnel's 50).
const changedTunnel = scenario({ routing: 'tunnel', faults: [{ kind: 'mtu', node: 'node-b', mtu: 1500, nativeOnly: true }] });
// Tunnel mode, node-b's routes to the other nodes at the full 9001 of eth0: no room for the VXLAN header.
const tunnelRoutes = scenario({ routing: 'tunnel', faults: [{ kind: 'route-mtu', node: 'node-b', mtu: 9001 }] });
// Tunnel and IPsec: 8951 leaves room for the tunnel only, 8874 is what the agent computes (cilium/cilium#10092).
const ipsecRoutes = scenario({ routing: 'tunnel', encryption: 'ipsec', faults: [{ kind: 'route-mtu', node: 'node-c', mtu: 8951 }] });
// WireGuard and a tunnel: 8921 (9001 less WireGuard's 80) is what releases before cilium/cilium#30329 set.
const wgOld = scenario({ routing: 'tunnel', encryption: 'wireguard', faults: ['node-a', 'node-b', 'node-c'].map((node) => ({ kind: 'route-mtu' as const, node, mtu: 8921 })) });
const wgFull = scenario({ routing: 'tunnel', encryption: 'wireguard', faults: [{ kind: 'route-mtu', node: 'node-a', mtu: 9001 }] });

checkTester(check, {
  valid: [
    { name: 'one MTU everywhere', files: scenario().files },
    { name: 'tunnel mode, routes at the native MTU less the tunnel', files: scenario({ routing: 'tunnel' }).files },
    { name: 'tunnel and IPsec, routes at the native MTU less both', files: scenario({ routing: 'tunnel', encryption: 'ipsec' }).files },
    { name: 'WireGuard and a tunnel, routes less WireGuard only (before cilium/cilium#30329)', files: wgOld.files },
  ],
  invalid: [
    { name: 'one node with a smaller network MTU', files: differs.files, findings: [{ messageId: 'differs', data: { mtu: 1500, count: 1, majority: 9001, majorityCount: 2 }, nodes: ['node-c'], evidence: [differs.at(link('cilium-ccccc'), ': eth0:'), differs.at(link('cilium-aaaaa'), ': eth0:')] }] },
    {
      name: 'native MTU lowered after the agent started',
      files: changed.files,
      findings: [
        { messageId: 'aboveNative', data: { node: 'node-b', devices: 'cilium_net, cilium_host, lxc_health and the pod veths', mtu: 9001, native: 'eth0', nativeMtu: 1500, routes: '' }, nodes: ['node-b'], evidence: [changed.at(link('cilium-bbbbb'), ': cilium_net@'), changed.at(link('cilium-bbbbb'), ': cilium_host@'), changed.at(link('cilium-bbbbb'), ': lxc_health@'), changed.at(link('cilium-bbbbb'), ': eth0:')] },
        { messageId: 'differs', data: { mtu: 1500, nodes: 'node-b' }, nodes: ['node-b'], evidence: [changed.at(link('cilium-bbbbb'), ': eth0:'), changed.at(link('cilium-aaaaa'), ': eth0:')] },
      ],
    },
    {
      name: 'native MTU lowered after the agent started, in tunnel mode: the routes too',
      files: changedTunnel.files,
      findings: [
        {
          messageId: 'aboveNative',
          data: { node: 'node-b', mtu: 9001, nativeMtu: 1500, routes: ' (and its 2 routes to other nodes carry MTU 8951, where 1450 fits after the 50 bytes of tunnel encapsulation)' },
          nodes: ['node-b'],
          evidence: [changedTunnel.at(link('cilium-bbbbb'), ': cilium_net@'), changedTunnel.at(link('cilium-bbbbb'), ': cilium_host@'), changedTunnel.at(link('cilium-bbbbb'), ': lxc_health@'), changedTunnel.at(routes('cilium-bbbbb'), '10.0.0.0/24 via'), changedTunnel.at(link('cilium-bbbbb'), ': eth0:')],
        },
        { messageId: 'differs', data: { mtu: 1500, nodes: 'node-b' }, nodes: ['node-b'], evidence: [changedTunnel.at(link('cilium-bbbbb'), ': eth0:'), changedTunnel.at(link('cilium-aaaaa'), ': eth0:')] },
      ],
    },
    {
      name: 'tunnel mode, routes at the full native MTU',
      files: tunnelRoutes.files,
      findings: [{ messageId: 'routeAboveNative', data: { node: 'node-b', count: 2, mtu: 9001, native: 'eth0', nativeMtu: 9001, allowed: 8951, overhead: 'the 50 bytes of tunnel encapsulation' }, nodes: ['node-b'], evidence: [tunnelRoutes.at(routes('cilium-bbbbb'), '10.0.0.0/24 via'), tunnelRoutes.at(link('cilium-bbbbb'), ': eth0:')] }],
    },
    {
      name: 'tunnel and IPsec, routes leaving no room for ESP',
      files: ipsecRoutes.files,
      findings: [{ messageId: 'routeAboveNative', data: { node: 'node-c', count: 2, mtu: 8951, allowed: 8874, overhead: 'the 127 bytes of tunnel encapsulation (50) and IPsec (77)' }, nodes: ['node-c'], evidence: [ipsecRoutes.at(routes('cilium-ccccc'), '10.0.0.0/24 via'), ipsecRoutes.at(link('cilium-ccccc'), ': eth0:')] }],
    },
    {
      name: 'WireGuard and a tunnel, routes at the full native MTU',
      files: wgFull.files,
      findings: [{ messageId: 'routeAboveNative', data: { node: 'node-a', count: 2, mtu: 9001, allowed: 8921, overhead: 'the 80 bytes of WireGuard' }, nodes: ['node-a'], evidence: [wgFull.at(routes('cilium-aaaaa'), '10.0.1.0/24 via'), wgFull.at(link('cilium-aaaaa'), ': eth0:')] }],
    },
  ],
});
