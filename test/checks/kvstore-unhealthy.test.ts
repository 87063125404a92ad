import { readFileSync } from 'node:fs';
import check from '../../src/checks/kvstore-unhealthy.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
/** Sets an agent's kvstore status in its debuginfo JSON (the status the tool prefers). */
const kvstore = (f: Record<string, string>, pod: string, state: string, msg: string) => {
  const file = debuginfo(pod);
  f[file] = (f[file] as string).replace(/"kvstore": \{\n(\s+)"msg": "",\n(\s+)"state": "Disabled"/, (_m, a: string, b: string) => `"kvstore": {\n${a}"msg": ${JSON.stringify(msg)},\n${b}"state": "${state}"`);
};
const ok = (f: Record<string, string>, pod: string) => kvstore(f, pod, 'Ok', 'etcd: 1/1 connected, leases=1, lock leases=1, has-quorum=true: https://10.10.0.11:2379 - 3.5.9 (Leader)');
const at = (c: ReturnType<typeof scenario>, pod: string) => c.at(debuginfo(pod), '"kvstore"', '"state"');

// Real messages of pkg/kvstore/etcd.go: a failed quorum check, then the error past the limit.
const quorum = scenario({}, (f) => {
  ok(f, 'cilium-aaaaa');
  ok(f, 'cilium-ccccc');
  kvstore(f, 'cilium-bbbbb', 'Ok', 'etcd: 1/1 connected, leases=1, lock leases=1, has-quorum=8m20.53s since last heartbeat update has been received, consecutive-errors=3: https://10.10.0.11:2379 - 3.5.9 (Leader)');
});
const mixed = scenario({}, (f) => {
  ok(f, 'cilium-aaaaa');
  kvstore(f, 'cilium-bbbbb', 'Failure', 'Err: quorum check failed 8 times in a row: 20m1.1s since last heartbeat update has been received');
  kvstore(f, 'cilium-ccccc', 'Ok', 'etcd: 2/3 connected, leases=1, lock leases=1, has-quorum=true: https://10.10.0.11:2379 - 3.5.9 (Leader); https://10.10.0.12:2379 - 3.5.9; https://10.10.0.13:2379 - context deadline exceeded');
});

// etcd healthy by the status line, but node-c's own test fails a TLS step (the parser fixture's real printing format).
const tls = scenario({}, (f) => {
  for (const p of ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc']) ok(f, p);
  f[agentFile('cilium-ccccc', 'cmd/cilium-dbg-troubleshoot-kvstore.md')] = readFileSync(new URL('../parsers/fixtures/cilium-troubleshoot-kvstore/tls-failure-1.17/input.md', import.meta.url), 'utf8');
});

checkTester(check, {
  valid: [
    { name: 'no kvstore (CRD mode)', files: scenario().files },
    {
      name: 'etcd healthy everywhere',
      files: scenario({}, (f) => {
        for (const p of ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc']) ok(f, p);
      }).files,
    },
  ],
  invalid: [
    { name: 'the agent\'s own etcd test fails on TLS', files: tls.files, findings: [{ messageId: 'troubleshoot', data: { node: 'node-c', more: 1, spread: '; the other 2 agents are fine' }, nodes: ['node-c'], evidence: [tls.at(agentFile('cilium-ccccc', 'cmd/cilium-dbg-troubleshoot-kvstore.md'), '❌ Cannot establish TLS'), at(tls, 'cilium-ccccc')] }] },
    { name: 'quorum lost on one agent', files: quorum.files, findings: [{ messageId: 'noQuorum', data: { node: 'node-b', quorum: '8m20.53s since last heartbeat update has been received', errors: ', consecutive-errors=3', spread: '; the other 2 agents are fine' }, nodes: ['node-b'], evidence: [at(quorum, 'cilium-bbbbb')] }] },
    {
      name: 'one agent failing, another missing an endpoint',
      files: mixed.files,
      findings: [
        { messageId: 'failing', data: { node: 'node-b', state: 'failure' }, nodes: ['node-b'], evidence: [at(mixed, 'cilium-bbbbb')] },
        { messageId: 'partial', data: { node: 'node-c', connected: 2, total: 3 }, nodes: ['node-c'], evidence: [at(mixed, 'cilium-ccccc')] },
      ],
    },
  ],
});
