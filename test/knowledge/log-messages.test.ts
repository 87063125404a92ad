import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Component, isDecisiveWarning, KNOWN_MESSAGES, type KnownMessage, type LogLevel, matchKnownMessage, requiredLiterals } from '../../src/knowledge/log-messages.js';
import { readRecord } from '../../src/parsers/agent-logs.js';

const COMPONENTS: readonly Component[] = ['cilium-agent', 'cilium-operator', 'hubble-relay', 'clustermesh-apiserver', 'cilium-envoy', 'init'];
const LEVELS: readonly LogLevel[] = ['panic', 'fatal', 'error', 'warning'];
// The kubelet's RFC3339Nano prefix, as src/parsers/agent-logs.ts strips it before reading the record.
const KUBELET_TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))\s/;
// Envoy's own format: `[2024-10-17 17:11:30.708][7][warning][config] …`.
const ENVOY_LEVEL = /^\[[^\]]*\]\[\d+\]\[(\w+)\]/;
const ENVOY_LEVELS: Record<string, LogLevel> = { critical: 'fatal', error: 'error', warning: 'warning' };

/**
 * One line read the way the log check reads it: the record's message (`msg: error`) and level when readRecord
 * knows the format; otherwise the body, at `error` (plain init-container and verifier output) or at the level in
 * Envoy's brackets. This is the calling convention the knowledge base documents for non-logfmt lines.
 */
function read(line: string): { message: string; level: string } {
  const stamp = KUBELET_TS.exec(line);
  const body = stamp ? line.slice(stamp[0].length) : line;
  const record = readRecord(body);
  if (record) return { message: record.error ? `${record.msg}: ${record.error}` : record.msg, level: record.level };
  const envoy = ENVOY_LEVEL.exec(body);
  return { message: body, level: envoy ? (ENVOY_LEVELS[envoy[1] as string] ?? 'info') : 'error' };
}

const shares = (a: KnownMessage, b: KnownMessage) => a.components.some((c) => b.components.includes(c)) && a.levels.some((l) => b.levels.includes(l));

/**
 * Pairs where the later, more general entry also matches the earlier entry's example. The earlier entry wins because
 * matching stops at the first match; each pair says why the general entry is kept.
 */
const OVERLAPS: Record<string, string> = {
  'k8s-api-unreachable-from-config-init>k8s-api-certificate-rejected': 'the config init container fails on every API server error; the x509 case has its own causes',
  'k8s-api-unreachable>k8s-api-certificate-rejected': 'the generic "Unable to contact k8s api-server" entry covers every other error; the x509 case has its own causes',
  'kvstore-setup-failed>etcd-database-space-exceeded': 'the generic kvstore set-up failure covers every other etcd error; a full etcd needs compaction, not connectivity fixes',
};

describe('known log messages', () => {
  it('has at least 60 entries', () => {
    assert.ok(KNOWN_MESSAGES.length >= 60, `${KNOWN_MESSAGES.length} entries`);
  });

  it('uses unique kebab-case ids', () => {
    const ids = KNOWN_MESSAGES.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate id');
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)+$/, id);
  });

  for (const entry of KNOWN_MESSAGES) {
    describe(entry.id, () => {
      const { message, level } = read(entry.example);

      it('matches its own example for every component it names, at the example level', () => {
        assert.ok((LEVELS as readonly string[]).includes(level), `the example reads as level ${level}`);
        assert.ok(entry.levels.includes(level as LogLevel), `the example's level ${level} is not among the entry's levels ${entry.levels.join(', ')}`);
        for (const component of entry.components) {
          assert.equal(matchKnownMessage(message, component, level as LogLevel)?.id, entry.id, `${component}: ${message}`);
          if (entry.levels.includes('warning')) assert.ok(isDecisiveWarning(message, component), `${component}: the warning is not decisive`);
        }
      });

      it('does not match for a component or level it does not name', () => {
        for (const component of COMPONENTS.filter((c) => !entry.components.includes(c))) {
          assert.notEqual(matchKnownMessage(message, component, level as LogLevel)?.id, entry.id, component);
        }
        for (const other of LEVELS.filter((l) => !entry.levels.includes(l))) {
          assert.notEqual(matchKnownMessage(message, entry.components[0] as Component, other)?.id, entry.id, other);
        }
      });

      it('has the documentation an engineer needs', () => {
        assert.ok(entry.sources.length >= 1, 'no source');
        for (const s of entry.sources) assert.match(s, /^(?:https:\/\/\S+|cilium\/cilium \S+@[0-9a-f]{12}|example \S)/, s);
        assert.ok(entry.title.trim().length > 10, 'title too short');
        assert.doesNotMatch(entry.title, /^(?:Unexpected|Missing|Invalid)\b/i, 'title is a template prefix, not a statement');
        assert.doesNotMatch(entry.title, /\.\s*$/, 'title ends with a full stop');
        assert.ok(entry.meaning.trim().length > 20, 'meaning too short');
        assert.ok(entry.causes.length >= 1 && entry.causes.every((c) => c.trim().length > 10), 'no cause');
        assert.ok(entry.fix.trim().length > 20, 'fix too short');
        assert.ok(entry.components.length >= 1 && entry.levels.length >= 1);
        assert.ok(!entry.example.includes('\n'), 'example spans lines');
      });

      it('has a linear-time pattern with a literal pre-filter', () => {
        assert.doesNotMatch(entry.pattern.flags, /[gy]/, 'a stateful flag makes test() depend on the previous call');
        assert.doesNotMatch(entry.pattern.source, /(?<!\\)\.[*+]/, 'unbounded .* or .+: use a bounded gap such as .{0,200}');
        assert.equal(nestedUnboundedQuantifier(entry.pattern.source), null, 'a quantified group holds a quantifier');
        const literals = requiredLiterals(entry.pattern.source);
        assert.ok(literals, 'no literal of three characters or more to pre-filter on');
        assert.ok(literals.some((l) => message.toLowerCase().includes(l)), `no literal of ${JSON.stringify(literals)} occurs in the example`);
      });

      it('returns on a 200 KB line made of fragments of its example', () => {
        const fragments = [message, message.slice(0, Math.ceil(message.length / 2)), message.slice(Math.floor(message.length / 3)), `${message.slice(0, -1)} `];
        for (const fragment of fragments) {
          const line = fragment.repeat(Math.ceil(200_000 / Math.max(fragment.length, 1))).slice(0, 200_000);
          entry.pattern.test(line);
          matchKnownMessage(line, entry.components[0] as Component, entry.levels[0] as LogLevel);
        }
      });

      it('is matched only by itself, or by a documented more general entry listed after it', () => {
        const index = KNOWN_MESSAGES.indexOf(entry);
        for (const other of KNOWN_MESSAGES) {
          if (other === entry || !shares(entry, other) || !other.pattern.test(message)) continue;
          const key = `${other.id}>${entry.id}`;
          assert.ok(OVERLAPS[key], `${other.id} also matches the example of ${entry.id}; make one of them narrower or document it in OVERLAPS`);
          assert.ok(KNOWN_MESSAGES.indexOf(other) > index, `${other.id} must come after ${entry.id}`);
        }
      });
    });
  }

  it('documents only overlaps that exist', () => {
    for (const key of Object.keys(OVERLAPS)) {
      const [general, specific] = key.split('>').map((id) => KNOWN_MESSAGES.find((e) => e.id === id));
      assert.ok(general && specific, key);
      assert.ok(general.pattern.test(read(specific.example).message), `${key} no longer overlaps`);
    }
  });

  it('matches none of a set of ordinary lines', () => {
    // Real lines that are not in the knowledge base and must stay unmatched at every level and for every component.
    const ordinary = [
      // samples/healthy-1.16.zip, samples/before-1.17.zip and samples/faults-1.18.zip (generated agent logs)
      '2024-05-13T13:58:20.000123456Z level=info msg="Started gops server" subsys=daemon',
      '2024-05-13T13:58:25.484123456Z level=info msg="Rewrote endpoint BPF program" subsys=endpoint',
      '2024-05-13T13:58:22.742123456Z time=2024-05-13T13:58:22.742123456Z level=INFO source=/go/src/github.com/cilium/cilium/pkg/daemon.go:102 msg="Initializing identity allocator" module=agent.identity-cache',
      String.raw`2024-05-13T13:58:36.452123456Z time=2024-05-13T13:58:36.452123456Z level=ERROR source=/go/src/github.com/cilium/cilium/pkg/nodediscovery/nodediscovery.go:512 msg="Unable to update CiliumNode resource, will retry" module=agent.controlplane.node-discovery error="Put \"https://10.96.0.1:443/apis/cilium.io/v2/ciliumnodes/k8s-n6\": context deadline exceeded"`,
      // cilium/cilium issue 28823: the info lines before the config init container's error
      '2023-10-26T17:29:43.075198704Z level=info msg="Establishing connection to apiserver" host="https://10.96.0.1:443" subsys=k8s-client',
      // cilium/cilium issue 20726 (1.12.0 start-up)
      'level=info msg="clang (10.0.0) and kernel (5.18.14) versions: OK!" subsys=linux-datapath',
      'level=info msg="Detected mounted BPF filesystem at /sys/fs/bpf" subsys=bpf',
      // cilium/cilium issue 35927 (CRDs not yet registered: info, not the fatal timeout)
      'time="2024-11-12T15:26:18Z" level=info msg="Still waiting for Cilium Operator to register the following CRDs: [crd:ciliumnodes.cilium.io crd:ciliumidentities.cilium.io]" subsys=k8s',
      // cilium/cilium issue 36428: an ENI warning a maintainer called an expected condition
      String.raw`time="2024-12-06T14:53:59.84505706Z" level=warning msg="Unable to assign additional IPs to interface, will create new interface" error="operation error EC2: AssignPrivateIpAddresses, https response error StatusCode: 400, RequestID: c02abbd0-8ad7-4b75-a746-b27581d3e36b, api error PrivateIpAddressLimitExceeded: Number of private addresses will exceed limit." instanceID=i-063ca0c014fa6cd3b ipsToAllocate=2 name=ip-192-168-128-163.ca-central-1.compute.internal selectedInterface=eni-0f9b7711d7da62184 subsys=ipam`,
      // cilium/cilium issue 8722: a first-attempt identity warning a maintainer called cosmetic
      String.raw`2019-08-05T02:51:04.578143734Z level=warning msg="Key allocation attempt failed" attempt=0 error="slave key creation failed 'k8s:app=empire-outpost;k8s:io.cilium.k8s.policy.cluster=default;k8s:io.cilium.k8s.policy.serviceaccount=default;k8s:io.kubernetes.pod.namespace=default;k8s:outpostid=9999;k8s:zgroup=kafkaTestApp;': identity does not exist" key="[k8s:app=empire-outpost k8s:io.cilium.k8s.policy.cluster=default k8s:io.cilium.k8s.policy.serviceaccount=default k8s:io.kubernetes.pod.namespace=default k8s:outpostid=9999 k8s:zgroup=kafkaTestApp]" subsys=allocator`,
      // cilium/cilium issue 18513: an ip6tables probe error logged before the agent carries on
      'level=error msg="Command execution failed" cmd="[ip6tables -w 5 -t nat -S]" error="exit status 3" subsys=iptables',
      // cilium/cilium issue 38997: cilium-envoy start-up
      '[2025-04-17 08:15:10.888][7][info][main] [external/envoy/source/server/server.cc:426] initializing epoch 0 (base id=0, hot restart version=11.104)',
      // cilium/cilium issue 44852: the line after the panic header
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x35051e5]',
    ];
    for (const line of ordinary) {
      const { message } = read(line);
      for (const component of COMPONENTS) {
        for (const level of LEVELS) assert.equal(matchKnownMessage(message, component, level), null, `${component}/${level}: ${line}`);
      }
    }
  });

  it('keeps warnings that no entry lists as counted only, not decisive', () => {
    // cilium/cilium issue 36428 (a maintainer: an expected condition) and issue 8722 (cosmetic first attempt)
    assert.equal(isDecisiveWarning('Unable to assign additional IPs to interface, will create new interface: operation error EC2: AssignPrivateIpAddresses, https response error StatusCode: 400, api error PrivateIpAddressLimitExceeded: Number of private addresses will exceed limit.', 'cilium-operator'), false);
    assert.equal(isDecisiveWarning("Key allocation attempt failed: slave key creation failed 'k8s:app=empire-outpost;': identity does not exist", 'cilium-agent'), false);
    // The same decisive message is not decisive for a component the entry does not name.
    assert.equal(isDecisiveWarning('Unable to establish etcd connection to remote cluster: context deadline exceeded', 'cilium-agent'), true);
    assert.equal(isDecisiveWarning('Unable to establish etcd connection to remote cluster: context deadline exceeded', 'hubble-relay'), false);
  });

  it('cuts very long messages before matching, so the anchor must be near the start', () => {
    const entry = KNOWN_MESSAGES.find((e) => e.id === 'kvstore-setup-failed') as KnownMessage;
    const { message } = read(entry.example);
    assert.equal(matchKnownMessage(message, 'cilium-agent', 'fatal')?.id, entry.id);
    assert.equal(matchKnownMessage(`${'x'.repeat(5000)} ${message}`, 'cilium-agent', 'fatal'), null);
  });
});

/** The first group followed by an unbounded quantifier (`*`, `+`, `{n,}`) whose body holds a quantifier, or null. */
function nestedUnboundedQuantifier(source: string): string | null {
  const opens: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '[') {
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
    } else if (ch === '(') {
      opens.push(i);
    } else if (ch === ')') {
      const open = opens.pop() ?? 0;
      const after = source.slice(i + 1, i + 12);
      if (/^(?:[*+]|\{\d+,\})/.test(after) && /(?<!\\)(?:[*+?]|\{\d)/.test(source.slice(open + 1, i).replace(/^\?(?:[:=!]|<[=!])/, ''))) return source.slice(open, i + 2);
    }
  }
  return null;
}
