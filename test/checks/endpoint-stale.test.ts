import check from '../../src/checks/endpoint-stale.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const CEPS = 'ciliumendpoints-20241223-232727.yaml';
const CONFIG = 'cilium-configmap-20241223-232727.yaml';
const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const stale = scenario({ faults: [{ kind: 'endpoint-stale', node: 'node-a' }] });

/** Drops the CiliumEndpoint of the pod with this address, so the agent's endpoint has none. */
function withoutCep(files: Record<string, string>, ip: string): void {
  const text = files[CEPS] as string;
  const items = text.split(/\n(?=- )/);
  files[CEPS] = items.filter((item) => !item.includes(`ipv4: ${ip}\n`)).join('\n');
}
const both = scenario({ faults: [{ kind: 'endpoint-stale', node: 'node-a' }] }, (f) => withoutCep(f, '10.0.2.23'));
function idLine(c: ReturnType<typeof scenario>, pod: string, ip: string) {
  const lines = c.text(debuginfo(pod)).split('\n');
  let at = lines.findIndex((l) => l.includes(`"ipv4": "${ip}"`));
  while (at > 0 && !/^ {6}"id": /.test(lines[at] as string)) at--;
  return { file: debuginfo(pod), line: at + 1 };
}

checkTester(check, {
  valid: [
    { name: 'every pod endpoint has its CiliumEndpoint', files: scenario().files },
    {
      name: 'CiliumEndpoints disabled in cilium-config',
      files: scenario({}, (f) => {
        withoutCep(f, '10.0.2.23');
        f[CONFIG] = (f[CONFIG] as string).replace('data:\n', 'data:\n  disable-endpoint-crd: "true"\n');
      }).files,
    },
  ],
  invalid: [
    { name: 'a CiliumEndpoint of a pod the agent no longer has', files: stale.files, findings: [{ messageId: 'staleCep', data: { node: 'node-a', count: 1 }, nodes: ['node-a'], evidence: [stale.at(CEPS, '  name: cart-gone42')] }] },
    {
      name: 'a stale CiliumEndpoint and an endpoint without one',
      files: both.files,
      findings: [
        { messageId: 'staleCep', nodes: ['node-a'], evidence: [both.at(CEPS, '  name: cart-gone42')] },
        { messageId: 'missingCep', data: { node: 'node-c', count: 1 }, nodes: ['node-c'], evidence: [idLine(both, 'cilium-ccccc', '10.0.2.23')] },
      ],
    },
  ],
});
