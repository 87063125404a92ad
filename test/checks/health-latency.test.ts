import check from '../../src/checks/health-latency.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const FOUR = ['node-a', 'node-b', 'node-c', 'node-d'].map((name, i) => ({ name, ip: `10.10.0.${11 + i}`, cidr: `10.0.${i}.0/24`, pod: `cilium-${name.slice(-1).repeat(5)}` }));
const slow = scenario({ faults: [{ kind: 'health-latency', node: 'node-c', ms: 40 }] });
const twoSlow = scenario({ nodes: FOUR, faults: [{ kind: 'health-latency', node: 'node-b', ms: 60 }, { kind: 'health-latency', node: 'node-d', ms: 35 }] });

/** Latency lines of probes to a node in the observers' health JSON, as the finding cites them. */
function slowLines(c: typeof slow, dest: string, observers: string[], all: string[]) {
  return observers.flatMap((o) => {
    const file = agentFile(`cilium-${o.slice(-1).repeat(5)}`, 'cmd/cilium-health-status--o-json.md');
    const order = [o, ...all.filter((n) => n !== o).sort()];
    const lines = c.text(file).split('\n');
    let seen = 0;
    const out: { file: string; line: number }[] = [];
    lines.forEach((text, i) => {
      if (/"(health-endpoint|host)":/.test(text) && /"health-endpoint"/.test(text)) seen++;
      if (seen - 1 === order.indexOf(dest) && /"latency": \d{8,}/.test(text)) out.push({ file, line: i + 1 });
    });
    return out;
  });
}

checkTester(check, {
  valid: [
    { name: 'all round trips near the median', files: scenario().files },
    { name: 'slow probes under the absolute floor are fine', files: scenario({ faults: [{ kind: 'health-latency', node: 'node-c', ms: 3 }] }).files },
  ],
  invalid: [
    {
      name: 'every probe to one node is slow',
      files: slow.files,
      findings: [{ messageId: 'slowNode', data: { node: 'node-c', slow: 8, probes: 8 }, nodes: ['node-c'], evidence: slowLines(slow, 'node-c', ['node-a', 'node-b'], ['node-a', 'node-b', 'node-c']) }],
    },
    {
      name: 'two slow nodes',
      files: twoSlow.files,
      findings: [
        { messageId: 'slowNode', data: { node: 'node-b', slow: 12, probes: 12 }, nodes: ['node-b'], evidence: slowLines(twoSlow, 'node-b', ['node-a', 'node-c', 'node-d'], FOUR.map((n) => n.name)) },
        { messageId: 'slowNode', data: { node: 'node-d', slow: 12, probes: 12 }, nodes: ['node-d'], evidence: slowLines(twoSlow, 'node-d', ['node-a', 'node-b', 'node-c'], FOUR.map((n) => n.name)) },
      ],
    },
  ],
});
