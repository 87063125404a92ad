import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG } from '../../src/checks/catalog.js';
import { type CheckDefinition, defineCheck, evidence, type FindingFacts, type Impact, type MessageFn } from '../../src/checks/define.js';
import { EXPLAIN_RULES } from '../../src/checks/explains.js';
import { CHECKS } from '../../src/checks/index.js';
import type { Bundle } from '../../src/model/bundle.js';
import type { Severity } from '../../src/model/common.js';
import { collectionClock } from '../../src/stages/correlate/clock.js';
import { runChecks } from '../../src/stages/correlate/runner.js';
import { emptyBundle } from '../helpers/bundle.js';

const docs = { summary: 's', explanation: 'e', consequences: 'c', commonCauses: ['x'], verify: ['cilium status'] };

interface Fake extends FindingFacts {
  messageId?: string;
  nodes: string[];
  line: number;
  severity?: Severity;
}

/** A check under a real slug (the rules match on slugs) that reports the given findings. */
function fake(slug: keyof typeof CATALOG, impact: Impact, findings: Fake[]): CheckDefinition<Record<string, MessageFn>, string> {
  const ids = [...new Set(findings.map((f) => f.messageId ?? 'm'))];
  return defineCheck({
    id: CATALOG[slug],
    slug,
    title: slug,
    defaultSeverity: 'warning',
    messageSeverity: Object.fromEntries(findings.filter((f) => f.severity).map((f) => [f.messageId ?? 'm', f.severity])),
    needs: ['bundle'],
    impact,
    messages: Object.fromEntries(ids.map((id) => [id, (d: { n: number }) => `${slug} ${id} ${d.n}`])),
    docs,
    run(_b, ctx) {
      for (const { messageId, nodes, line, severity: _s, ...facts } of findings) ctx.report({ messageId: messageId ?? 'm', data: { n: line }, nodes, evidence: [evidence(`${slug}.txt`, line, 'x')], ...facts });
    },
  }) as unknown as CheckDefinition<Record<string, MessageFn>, string>;
}

const bundle = (collectedAt: string | null = '2024-05-13T14:15:02', debuginfo?: string): Bundle => {
  const b = emptyBundle();
  return { ...b, info: { ...b.info, files: 1, collectedAt }, ledger: debuginfo ? [{ path: debuginfo, size: 1, parser: 'cilium-debuginfo', status: 'parsed', pod: 'cilium-aaaaa' }] : [] };
};

const agentDown = (node: string, facts: Partial<Fake> = {}): Fake => ({ messageId: 'crashLooping', nodes: [node], line: 1, subject: 'cilium-agent', tags: ['role:agent', 'component:cilium-agent'], severity: 'error', ...facts });

describe('links and ranking', () => {
  it('links a crash-looping agent to what it explains on its node, and puts the cause first', () => {
    const checks = [
      fake('agent-restarts', 'datapath', [agentDown('node-3')]),
      fake('node-unreachable', 'datapath', [{ nodes: ['node-3'], line: 1, severity: 'error' }]),
      fake('log-errors', 'control-plane', [{ nodes: ['node-3'], line: 1, tags: ['component:cilium-agent'] }, { nodes: ['node-1'], line: 2, tags: ['component:cilium-agent'] }]),
      fake('version-skew', 'control-plane', [{ nodes: ['node-2'], line: 1 }]),
    ];
    const r = runChecks(bundle(), checks);
    assert.deepEqual(
      r.findings.map((f) => [f.rank, f.key, f.explainedBy ?? null]),
      [
        [1, 'CR-1004:node-3:cilium-agent', null],
        [2, 'CR-1005:node-2:m', null],
        [3, 'CR-7001:node-1:m', null],
        [4, 'CR-3001:node-3:m', 'CR-1004:node-3:cilium-agent'],
        [5, 'CR-7001:node-3:m', 'CR-1004:node-3:cilium-agent'],
      ],
    );
    assert.deepEqual(r.findings[0]?.explains, ['CR-3001:node-3:m', 'CR-7001:node-3:m']);
  });

  it('lets a stale cause explain nothing and rank below what is true now', () => {
    const checks = [
      // OOM-killed 14 months before the bundle was taken, running since.
      fake('agent-restarts', 'datapath', [agentDown('node-1', { messageId: 'oomKilled', at: '2023-03-02T10:00:00Z' }), agentDown('node-2', { line: 2 })]),
      fake('node-unreachable', 'datapath', [{ nodes: ['node-1'], line: 1 }]),
    ];
    const r = runChecks(bundle(), checks);
    assert.deepEqual(r.findings.map((f) => [f.key, f.explainedBy ?? null]), [
      ['CR-1004:node-2:cilium-agent', null],
      ['CR-3001:node-1:m', null],
      ['CR-1004:node-1:cilium-agent', null],
    ]);
  });

  it('ranks the datapath above the control plane, then by breadth, then severity; info last; keys stay unique', () => {
    const checks = [
      fake('config-drift', 'control-plane', [{ nodes: ['a'], line: 1, severity: 'error', messageId: 'e' }]),
      fake('drops', 'datapath', [{ nodes: ['a'], line: 1 }, { nodes: ['a', 'b', 'c'], line: 2 }, { nodes: ['a'], line: 3 }]),
      fake('bundle-gaps', 'visibility', [{ nodes: [], line: 1, severity: 'info', messageId: 'i' }, { nodes: ['z'], line: 2 }]),
    ];
    const r = runChecks(bundle(), checks);
    assert.deepEqual(r.findings.map((f) => f.key), ['CR-6001:a:m:2', 'CR-6001:a:m', 'CR-6001:a:m:3', 'CR-1006:a:e', 'CR-9001:z:m', 'CR-9001:cluster:i']);
    assert.deepEqual(r.findings.map((f) => f.rank), [1, 2, 3, 4, 5, 6]);
  });

  it('gives one cause per finding: the agent down, over the unreachable node it also explains', () => {
    const checks = [
      fake('agent-restarts', 'datapath', [agentDown('node-3')]),
      fake('node-unreachable', 'datapath', [{ nodes: ['node-3'], line: 1 }]),
      fake('health-asymmetric', 'datapath', [{ nodes: ['node-1', 'node-3'], line: 1 }]),
    ];
    const r = runChecks(bundle(), checks);
    const by = Object.fromEntries(r.findings.map((f) => [f.slug, f.explainedBy ?? null]));
    assert.deepEqual(by, { 'agent-restarts': null, 'node-unreachable': 'CR-1004:node-3:cilium-agent', 'health-asymmetric': 'CR-1004:node-3:cilium-agent' });
  });
});

describe('explain rules', () => {
  it('name checks and messages that exist', () => {
    for (const rule of EXPLAIN_RULES) {
      for (const side of [rule.cause, rule.effect]) {
        const check = CHECKS.find((c) => c.slug === side.slug);
        assert.ok(check, `no check ${side.slug}`);
        for (const m of side.messages ?? []) assert.ok(m in check.messages, `${side.slug} has no message ${m}`);
      }
    }
  });

  it('are acyclic over checks; a check explains itself only with tags that keep the two sides apart', () => {
    const edges = new Map<string, Set<string>>();
    for (const r of EXPLAIN_RULES) {
      if (r.cause.slug === r.effect.slug) {
        const apart = (r.cause.tags ?? []).some((t) => (r.effect.notTags ?? []).includes(t));
        assert.ok(apart, `${r.cause.slug} explains itself without tags that exclude the cause from the effect`);
        continue;
      }
      const set = edges.get(r.cause.slug) ?? new Set<string>();
      set.add(r.effect.slug);
      edges.set(r.cause.slug, set);
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (n: string, path: string[]) => {
      if (done.has(n)) return;
      assert.ok(!visiting.has(n), `cycle: ${[...path, n].join(' → ')}`);
      visiting.add(n);
      for (const m of edges.get(n) ?? []) visit(m, [...path, n]);
      visiting.delete(n);
      done.add(n);
    };
    for (const n of edges.keys()) visit(n, []);
  });
});

describe('collection clock', () => {
  it('estimates the collector\'s offset from an agent file that names its clock', () => {
    const c = collectionClock(bundle('2024-05-13T16:15:02', 'cilium-sysdump-20240513-161502/cilium-bugtool-cilium-aaaaa-20240513-161502/cmd/cilium-debuginfo-20240513-141509.337+0000-UTC.json'));
    assert.deepEqual([c.offsetMinutes, c.utc, c.uncertaintyMs], [120, '2024-05-13T14:15:02Z', 0]);
    assert.match(c.basis, /UTC\+02:00 estimated from the agent clock in cilium-debuginfo-20240513-141509\.337\+0000-UTC\.json/);
  });

  it('says the offset is unknown without such a file, and keeps the local time', () => {
    const c = collectionClock(bundle('2024-05-13T16:15:02'));
    assert.deepEqual([c.local, c.utc, c.offsetMinutes], ['2024-05-13T16:15:02', null, null]);
    assert.equal(c.uncertaintyMs, 14 * 3_600_000);
  });
});
