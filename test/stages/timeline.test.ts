import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHECKS } from '../../src/checks/index.js';
import { collectionClock } from '../../src/stages/correlate/clock.js';
import { runChecks } from '../../src/stages/correlate/runner.js';
import { MAX_TIMELINE, buildTimeline } from '../../src/stages/correlate/timeline.js';
import { scenario } from '../checks/scenario.js';
import { bundleOf } from '../checks/tester.js';

const TMP = new URL('../.tmp/timeline/', import.meta.url).pathname;
// cilium/cilium#18191: the agent exits at start-up; the kubelet serves its last run as both logs.
const FATAL = 'level=fatal msg="install-no-conntrack-iptables-rules requires the agent to run in direct routing mode." subsys=daemon';

describe('timeline', () => {
  it('merges events, container ends and log lines in time order, marks the cause, and ends with the collection', async () => {
    const c = scenario({
      faults: [
        { kind: 'agent-restarts', node: 'node-b', reason: 'CrashLoopBackOff', restarts: 6, lines: ['level=info msg="Cilium 1.16.5" subsys=daemon', FATAL], finishedAt: '2024-12-23T23:21:05Z', startTime: '2024-12-23T23:02:11Z' },
        {
          kind: 'events',
          events: [{ type: 'Warning', reason: 'BackOff', message: 'Back-off restarting failed container', object: 'Pod/agent:node-b', fieldPath: 'spec.containers{cilium-agent}', count: 31, firstTimestamp: '2024-12-23T23:05:40Z', lastTimestamp: '2024-12-23T23:26:41Z', host: 'node-b' }],
        },
      ],
    });
    const bundle = await bundleOf(c.files, `${TMP}one`);
    const { findings } = runChecks(bundle, CHECKS);
    const t = buildTimeline(bundle, findings, collectionClock(bundle));
    const times = t.entries.map((e) => e.time);
    assert.deepEqual(times, [...times].sort(), 'entries are in time order');
    assert.equal(t.omitted, 0);
    assert.equal(t.clock.offsetMinutes, 0);
    const cause = findings.find((f) => f.slug === 'agent-restarts')?.key as string;
    const texts = t.entries.filter((e) => e.node === 'node-b' || e.kind === 'collected').map((e) => [e.time, e.kind, e.text, e.causes.join()]);
    assert.deepEqual(texts.slice(0, 4), [
      ['2024-12-23T23:02:11.000Z', 'container', 'pod kube-system/cilium-bbbbb started', ''],
      ['2024-12-23T23:05:40.000Z', 'event', 'Warning BackOff on pod kube-system/cilium-bbbbb spec.containers{cilium-agent}: Back-off restarting failed container (31 times until 2024-12-23T23:26:41Z)', ''],
      ['2024-12-23T23:21:01.000Z', 'container', 'container cilium-agent of cilium-bbbbb started (its previous run)', ''],
      ['2024-12-23T23:21:05.000Z', 'container', 'container cilium-agent of cilium-bbbbb terminated: Error, exit code 1; 6 restarts so far', cause],
    ]);
    // The fatal line is in both logs: one moment, marked as the cause's.
    const fatal = t.entries.filter((e) => e.kind === 'log' && e.text.includes('install-no-conntrack-iptables-rules'));
    assert.equal(fatal.length, 1);
    assert.deepEqual(fatal[0]?.causes, [cause]);
    assert.equal(t.entries.at(-1)?.kind, 'collected');
    assert.match(t.entries.at(-1)?.text ?? '', /^sysdump collected \(the collector's local time 2024-12-23T23:27:27, UTC\+00:00\)$/);
  });

  it('says when the collector\'s offset is unknown, and bounds the entries with a count of what it left out', async () => {
    const c = scenario({
      faults: [
        {
          kind: 'events',
          events: Array.from({ length: MAX_TIMELINE + 25 }, (_, i) => ({ type: 'Warning' as const, reason: 'Unhealthy', message: `Readiness probe failed: HTTP probe failed with statuscode: 503 (${i})`, object: 'Pod/agent:node-a', count: 1, firstTimestamp: new Date(Date.parse('2024-12-23T20:00:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z'), host: 'node-a' })),
        },
      ],
    }, (files) => {
      // Without the debuginfo file names nothing in the bundle says which zone the collector was in.
      for (const path of Object.keys(files)) if (/cilium-debuginfo-/.test(path)) delete files[path];
    });
    const bundle = await bundleOf(c.files, `${TMP}two`);
    const t = buildTimeline(bundle, runChecks(bundle, CHECKS).findings, collectionClock(bundle));
    assert.equal(t.entries.length, MAX_TIMELINE);
    assert.ok(t.omitted >= 25, `omitted ${t.omitted}`);
    assert.equal(t.clock.utc, null);
    assert.match(t.clock.basis, /offset from UTC is unknown/);
    assert.ok(t.entries.some((e) => e.kind === 'collected' && /placed as if it were UTC/.test(e.text)));
  });
});
