import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseWhole, type Parser } from '../../src/parsers/define.js';
import { PARSERS } from '../../src/parsers/index.js';
import { prng } from '../../scripts/lib/scenario.js';

const SRC = new URL('../../src/parsers/', import.meta.url);
const FIXTURES = new URL('./fixtures/', import.meta.url);

/** Real file names, one per output, each of which exactly one parser must claim. */
const CLAIMED: [string, 'agent' | 'root', string][] = [
  ['cmd/cilium-status---verbose.md', 'agent', 'cilium-status'],
  ['cmd/cilium-dbg-status---verbose.md', 'agent', 'cilium-status'],
  ['cmd/cilium-debuginfo-20240513-141503.337+0000-UTC.json', 'agent', 'cilium-debuginfo'],
  ['cmd/cilium-health-status.md', 'agent', 'cilium-health-status'],
  ['cmd/cilium-health-status---verbose.md', 'agent', 'cilium-health-status'],
  ['cmd/cilium-health-status--o-json.md', 'agent', 'cilium-health-status'],
  ['cmd/cilium-dbg-node-list.md', 'agent', 'cilium-node-list'],
  ['cmd/cilium-node-list--o-json.md', 'agent', 'cilium-node-list'],
  ['cmd/cilium-dbg-endpoint-list.md', 'agent', 'cilium-endpoint-list'],
  ['cmd/cilium-service-list--o-json.md', 'agent', 'cilium-service-list'],
  ['cmd/cilium-dbg-ip-list--n--o-json.md', 'agent', 'cilium-ip-list'],
  ['cmd/cilium-lrp-list.md', 'agent', 'cilium-lrp-list'],
  ['cmd/cilium-dbg-metrics-list.md', 'agent', 'cilium-metrics-list'],
  ['cmd/hostname.md', 'agent', 'hostname'],
  ['cilium-sysdump.log', 'root', 'cilium-sysdump-log'],
  ['k8s-nodes-20240513-141502.yaml', 'root', 'k8s-nodes'],
  ['nodes-20210903-101112.json', 'root', 'k8s-nodes'],
  ['k8s-pods-20240513-141502.yaml', 'root', 'k8s-pods'],
  ['ciliumnodes-20240513-141502.yaml', 'root', 'ciliumnodes'],
  ['ciliumendpoints-20240513-141502.yaml', 'root', 'ciliumendpoints'],
  ['ciliumidentities-20240513-141502.yaml', 'root', 'ciliumidentities'],
  ['k8s-services-20240513-141502.yaml', 'root', 'k8s-services'],
  ['k8s-endpointslices-20240513-141502.yaml', 'root', 'k8s-endpointslices'],
  ['k8s-version-20240513-141502.txt', 'root', 'k8s-version'],
  ['k8s-events-20240513-141502.yaml', 'root', 'k8s-events'],
  ['cilium-configmap-20240513-141502.yaml', 'root', 'cilium-configmap'],
  ['cilium-config-configmap-20211008-101010.yaml', 'root', 'cilium-configmap'],
  ['logs-cilium-x7k2p-cilium-agent-20240513-141502.log', 'root', 'agent-logs'],
  ['logs-cilium-x7k2p-cilium-agent-20240513-141502-prev.log', 'root', 'agent-logs'],
  ['hubble-flows-cilium-x7k2p-20240513-141502.json', 'root', 'hubble-flows'],
  ['cmd/uname--a.md', 'agent', 'uname'],
  ['conf/kernel-config', 'agent', 'kernel-config'],
  ['conf/kernel-config.gz', 'agent', 'kernel-config'],
  ['conf/kernel-config-6.1.0-18-cloud-amd64', 'agent', 'kernel-config'],
  ['cmd/lsmod.md', 'agent', 'lsmod'],
  ['cmd/sysctl--a.md', 'agent', 'sysctl'],
  ['cmd/ip-rule.md', 'agent', 'ip-rule'],
  ['cmd/ip--d-rule.md', 'agent', 'ip-rule'],
  ['cmd/ip--d--s-l.md', 'agent', 'ip-link'],
  ['cmd/ip--d--s--s-l.md', 'agent', 'ip-link'],
  ['cmd/ip-a.md', 'agent', 'ip-addr'],
  ['cmd/iptables-save--c.md', 'agent', 'iptables-save'],
  ['cmd/ip6tables-legacy-save--c.md', 'agent', 'iptables-save'],
  ['cmd/iptables-nft-save--c.md', 'agent', 'iptables-save'],
  ['cmd/cilium-config.md', 'agent', 'cilium-config'],
  ['cmd/cilium-config--a.md', 'agent', 'cilium-config'],
  ['cmd/cilium-dbg-config--a.md', 'agent', 'cilium-config'],
  ['cmd/cilium-bpf-ct-list-global.md', 'agent', 'cilium-bpf-ct-list'],
  ['cmd/cilium-dbg-bpf-ct-list-global---time-diff.md', 'agent', 'cilium-bpf-ct-list'],
  ['cmd/cilium-dbg-bpf-nat-list.md', 'agent', 'cilium-bpf-nat-list'],
  ['cmd/cilium-dbg-bpf-lb-list.md', 'agent', 'cilium-bpf-lb-list'],
  ['cmd/cilium-bpf-ipcache-list.md', 'agent', 'cilium-bpf-ipcache-list'],
  ['cmd/cilium-dbg-bpf-tunnel-list.md', 'agent', 'cilium-bpf-tunnel-list'],
  ['cmd/cat--proc-net-xfrm_stat.md', 'agent', 'xfrm-stat'],
  ['cmd/cat--u--proc-net-xfrm_stat.md', 'agent', 'xfrm-stat'],
  ['cmd/cilium-encrypt-status.md', 'agent', 'cilium-encrypt-status'],
  ['cmd/cilium-dbg-encrypt-status.md', 'agent', 'cilium-encrypt-status'],
  ['cniconf-05-cilium.conflist-cilium-x7k2p-20240513-141502.txt', 'root', 'cni-conf'],
  ['k8s-pods-20240513-141502.txt', 'root', 'k8s-pods-table'],
  ['k8s-node-memory-cpu-usage-20240513-141502.txt', 'root', 'k8s-node-usage'],
  ['cmd/cilium-dbg-troubleshoot-kvstore.md', 'agent', 'cilium-troubleshoot-kvstore'],
  ['cmd/ip--4-r.md', 'agent', 'ip-route'],
  ['cmd/ip--6-r.md', 'agent', 'ip-route'],
  ['cmd/ip--4-route-show-table-2004.md', 'agent', 'ip-route'],
  ['cmd/ip--6-route-show-table-200.md', 'agent', 'ip-route'],
  ['cmd/ip--4-route-show-.md', 'agent', 'ip-route'],
];

describe('parser registry', () => {
  it('lists every parser a file in src/parsers exports', async () => {
    const registered = new Set<Parser>(PARSERS);
    for (const file of readdirSync(SRC).filter((f) => f.endsWith('.ts') && !['define.ts', 'index.ts'].includes(f))) {
      const mod = (await import(new URL(file, SRC).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (value && typeof value === 'object' && 'files' in value && 'scope' in value) assert.ok(registered.has(value as Parser), `${file}: ${name} is not in PARSERS`);
      }
    }
  });

  it('has one claim per real file name: the right parser, and no two of one format', () => {
    for (const [name, scope, id] of CLAIMED) {
      const claims = PARSERS.filter((p) => p.scope === scope && p.files.some((re) => re.test(name)));
      assert.deepEqual([...new Set(claims.map((p) => p.id))], [id], name);
      assert.equal(new Set(claims.map((p) => p.format)).size, claims.length, `${name}: two parsers of one format`);
    }
  });

  it('cites the format\'s source in the first comment of every parser file', () => {
    for (const file of readdirSync(SRC).filter((f) => f.endsWith('.ts') && !['define.ts', 'index.ts'].includes(f))) {
      assert.match(readFileSync(new URL(file, SRC), 'utf8'), /^\/\/ .+/, `${file}: no leading comment on the format's source`);
    }
  });
});

/** Every fixture input, to cut and garble. */
function inputs(): string[] {
  const out: string[] = [];
  const walk = (url: URL) => {
    for (const entry of readdirSync(url, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(new URL(`${entry.name}/`, url));
      else if (entry.name.startsWith('input.')) out.push(readFileSync(new URL(entry.name, url), 'utf8'));
    }
  };
  walk(FIXTURES);
  return out;
}

describe('no parser throws on any input', () => {
  const rand = prng(4242);
  const samples = inputs();
  const garbage = ['', '\0\0\0', '{', '[', '- ', 'items:\n- a: [', '}'.repeat(1000), 'x'.repeat(200000), '\u{1F600}'.repeat(1000), '\ufffd\n\r\n\t', 'KVStore: Ok\nCluster health: 1/2 reachable\n  Name IP Node Endpoints\n  a (localhost)'];
  for (const parser of PARSERS) {
    it(`${parser.id} (${parser.format})`, () => {
      const cases = [...garbage];
      for (const text of samples) {
        cases.push(text.slice(0, Math.floor(rand() * text.length)));
        const at = Math.floor(rand() * text.length);
        cases.push(text.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0xffff)) + text.slice(at + 1));
        cases.push(text.replace(/\n/g, ' '));
      }
      for (const text of cases) {
        const r = parseWhole(parser, text, 'fuzz/input');
        assert.ok(Array.isArray(r.diagnostics), `${parser.id}: no diagnostics array`);
      }
    });
  }
});
