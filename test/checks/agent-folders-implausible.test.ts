import check from '../../src/checks/agent-folders-implausible.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const STATUS = 'cmd/cilium-dbg-status---verbose.md';
const NODES = 'k8s-nodes-20241223-232727.yaml';
const DEBUGINFO = 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json';

/** The base cluster (three nodes) with `extra` more agent folders, each a copy of cilium-aaaaa's status. */
function withFolders(extra: number) {
  return scenario({}, (files) => {
    const status = files[agentFile('cilium-aaaaa', STATUS)] as string;
    for (let i = 0; i < extra; i++) files[agentFile(`cilium-copy${String(i).padStart(3, '0')}`, STATUS)] = status;
  });
}

const rollout = withFolders(3);
const many = withFolders(40);

checkTester(
  check,
  {
    valid: [
      { name: 'one agent folder per node', files: scenario().files },
      { name: 'a rollout caught half-way: twice as many folders as nodes', files: rollout.files },
    ],
    invalid: [
      {
        name: '43 agent folders for three nodes',
        files: many.files,
        findings: [
          {
            messageId: 'tooMany',
            data: { folders: 43, nodes: 3, source: 'its Kubernetes Nodes' },
            nodes: [],
            evidence: [
              many.at(NODES, '  name: node-a'),
              // The real agents' status comes from debuginfo (JSON first); the copies have only the text status.
              ...['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc'].map((pod) => many.at(agentFile(pod, DEBUGINFO), '"kvstore": {', '"state"')),
              ...['cilium-copy000', 'cilium-copy001'].map((pod) => ({ file: agentFile(pod, STATUS), line: 1 })),
            ],
          },
        ],
      },
    ],
  },
  { singleFinding: 'one bundle has one count of agent folders and one of nodes' },
);
