import check from '../../src/checks/config-combination-invalid.js';
import { checkTester } from './tester.js';
import { scenario, TS } from './scenario.js';

const cm = `cilium-configmap-${TS}.yaml`;
const pods = `k8s-pods-${TS}.txt`;
const services = `k8s-services-${TS}.yaml`;
const set = (f: Record<string, string>, lines: string) => {
  f[cm] = (f[cm] as string).replace('  enable-hubble: "true"', `  enable-hubble: "true"\n${lines}`);
};
// Tunnel mode and no-conntrack rules with iptables masquerading: two combinations at once.
const tunnel = scenario({ routing: 'tunnel' }, (f) => set(f, '  install-no-conntrack-iptables-rules: "true"'));
// The pods table has no kube-proxy (the generated cluster runs none) and k8s-service-host is the kubernetes Service.
const host = scenario({}, (f) => {
  f[cm] = (f[cm] as string).replace(/k8s-service-host: \S+/, 'k8s-service-host: 10.96.0.1');
});
const unset = (f: Record<string, string>) => {
  f[cm] = (f[cm] as string).replace(/ {2}k8s-service-host: \S+\n {2}k8s-service-port: \S+\n/, '');
};
const noHost = scenario({}, unset);

checkTester(check, {
  valid: [
    { name: 'kube-proxy replacement with the API server address', files: scenario().files },
    {
      name: 'kube-proxy still running',
      files: scenario({}, (f) => {
        unset(f);
        const lines = (f[pods] as string).trimEnd().split('\n');
        lines.push((lines.find((l) => l.includes('cilium-aaaaa')) as string).replace('cilium-aaaaa', 'kube-proxy-q'));
        f[pods] = `${lines.join('\n')}\n`;
      }).files,
    },
    { name: 'no-conntrack rules in native routing with BPF masquerading', files: scenario({}, (f) => set(f, '  install-no-conntrack-iptables-rules: "true"\n  enable-bpf-masquerade: "true"')).files },
  ],
  invalid: [
    { name: 'no kube-proxy and no k8s-service-host', files: noHost.files, findings: [{ messageId: 'invalid', data: { scope: '' }, nodes: ['node-a', 'node-b', 'node-c'], evidence: [noHost.at(cm, 'kube-proxy-replacement'), { file: pods, line: null }] }] },
    { name: 'k8s-service-host is the kubernetes Service', files: host.files, findings: [{ messageId: 'invalid', data: { because: 'cilium-config kube-proxy-replacement: true, k8s-service-host 10.96.0.1 is the ClusterIP of Service default/kubernetes' }, nodes: ['node-a', 'node-b', 'node-c'], evidence: [host.at(cm, 'kube-proxy-replacement'), host.at(services, '  name: kubernetes')] }] },
    {
      name: 'no-conntrack rules in tunnel mode with iptables masquerading',
      files: tunnel.files,
      findings: [
        { messageId: 'invalid', data: { because: 'cilium-config install-no-conntrack-iptables-rules: true, cilium-config routing-mode: tunnel' }, nodes: ['node-a', 'node-b', 'node-c'], evidence: [tunnel.at(cm, 'install-no-conntrack'), tunnel.at(cm, 'routing-mode')] },
        { messageId: 'invalid', data: { because: "cilium-config install-no-conntrack-iptables-rules: true, the agent's EnableIPv4Masquerade: true, the agent's EnableBPFMasquerade: false" }, nodes: ['node-a', 'node-b', 'node-c'], evidence: [tunnel.at(cm, 'install-no-conntrack'), tunnel.at(`cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-dbg-config--a.md`, 'EnableIPv4Masquerade'), tunnel.at(`cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-dbg-config--a.md`, 'EnableBPFMasquerade')] },
      ],
    },
  ],
});
