import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCheck, evidence } from '../../src/checks/define.js';
import { runChecks } from '../../src/stages/correlate/runner.js';
import { emptyBundle as noFiles } from '../helpers/bundle.js';

const emptyBundle = () => ({ ...noFiles(), info: { ...noFiles().info, files: 1 } });

const docs = { summary: 's', explanation: 'e', consequences: 'c', commonCauses: ['x'], verify: ['cilium status'] };

const boom = defineCheck({
  id: 'CR-9998',
  slug: 'boom',
  title: 'Boom',
  defaultSeverity: 'warning',
  needs: ['bundle'],
  messages: { boom: () => 'Unexpected boom' },
  docs,
  run() {
    throw new Error('kaput');
  },
});

const twice = defineCheck({
  id: 'CR-9999',
  slug: 'twice',
  title: 'Twice',
  defaultSeverity: 'info',
  messageSeverity: { bad: 'error' },
  needs: ['bundle'],
  messages: { bad: (d: { n: string }) => `Invalid "${d.n}"`, meh: (d: { n: string }) => `Too many "${d.n}"` },
  docs,
  run(_bundle, ctx) {
    ctx.report({ messageId: 'meh', data: { n: 'b' }, nodes: ['node-b'], evidence: [evidence('f', 2, 'two')] });
    ctx.report({ messageId: 'bad', data: { n: 'a' }, nodes: ['node-a', 'node-a'], evidence: [evidence('f', 1, 'one')] });
  },
});

const needy = defineCheck({
  id: 'CR-9997',
  slug: 'needy',
  title: 'Needy',
  defaultSeverity: 'error',
  needs: ['k8s.nodes', ['agents.status', 'health']],
  messages: { x: () => 'x' },
  docs,
  run() {
    throw new Error('must not run');
  },
});

const many = defineCheck({
  id: 'CR-9996',
  slug: 'many',
  title: 'Many',
  defaultSeverity: 'info',
  messageSeverity: { bad: 'error' },
  needs: ['bundle'],
  messages: { meh: (d: { i: number }) => `Too many ${d.i}`, bad: (d: { i: number }) => `Invalid ${d.i}` },
  docs,
  run(_bundle, ctx) {
    for (let i = 0; i < 5; i++) {
      const e = Array.from({ length: 80 }, (_, k) => evidence('f', k + 1, `line ${k + 1}`));
      ctx.report({ messageId: i === 3 ? 'bad' : 'meh', data: { i }, nodes: [`node-${i}`], evidence: e });
    }
  },
});

describe('check runner', () => {
  it('lists a few findings per check and one more that counts the rest, as severe as the worst left out', () => {
    const r = runChecks(emptyBundle(), [many], { maxFindingsPerCheck: 2 });
    assert.equal(r.findings.length, 3);
    const rest = r.findings.find((f) => f.message.startsWith('3 more findings'));
    assert.ok(rest, r.findings.map((f) => f.message).join('\n'));
    assert.equal(rest.severity, 'error');
    assert.deepEqual(rest.nodes, ['node-2', 'node-3', 'node-4']);
    assert.match(rest.message, /lists 2 per check; the first left out reads: Too many 2$/);
    assert.deepEqual(rest.evidence, [evidence('f', 1, 'line 1')]);
    assert.equal(r.checks[0]?.findings, 5);
    // Evidence is capped per finding too.
    assert.ok(r.findings.every((f) => f.evidence.length <= 50));
  });


  it('stamps identity and per-message severity, dedupes nodes and sorts by severity', () => {
    const r = runChecks(emptyBundle(), [twice]);
    assert.deepEqual(
      r.findings.map((f) => [f.id, f.severity, f.message, f.nodes]),
      [
        ['CR-9999', 'error', 'Invalid "a"', ['node-a']],
        ['CR-9999', 'info', 'Too many "b"', ['node-b']],
      ],
    );
    assert.equal(r.checks[0]?.status, 'failed');
    assert.equal(r.checks[0]?.findings, 2);
  });

  it('applies --severity overrides by id or slug', () => {
    const r = runChecks(emptyBundle(), [twice], { severity: { twice: 'warning' } });
    assert.deepEqual(r.findings.map((f) => f.severity), ['warning', 'warning']);
  });

  it('turns a crashing check into a diagnostic and keeps running the others', () => {
    const r = runChecks(emptyBundle(), [boom, twice]);
    assert.equal(r.findings.length, 2);
    assert.deepEqual(r.notEvaluated, [{ slug: 'boom', reason: 'internal error in check boom: kaput' }]);
    assert.equal(r.diagnostics[0]?.level, 'error');
  });

  it('records a check with missing inputs as not evaluated, naming every missing input', () => {
    const r = runChecks(emptyBundle(), [needy]);
    assert.equal(r.findings.length, 0);
    assert.equal(r.notEvaluated[0]?.slug, 'needy');
    assert.match(r.notEvaluated[0]?.reason ?? '', /k8s-nodes.*; no agent has a readable `cilium status`.*, or no agent has health results/);
  });
});
