import type { Bundle } from '../../model/bundle.js';
import type { LogSummary } from '../../model/misc.js';
import type { Finding, Timeline, TimelineEntry } from '../../model/report.js';
import { type CollectionClock, formatOffset } from './clock.js';

/** Entries the timeline keeps; beyond them it says how many it left out. */
export const MAX_TIMELINE = 200;

interface Candidate extends TimelineEntry {
  ms: number;
  /** Lower is kept first when the timeline is over its bound. */
  priority: number;
}

/**
 * One time-ordered view of the bundle: Kubernetes events, container starts and ends from the pods' status, the
 * first and last line of each log signature per node, agent status times (health probes, failing controllers),
 * and the collection. Times are compared in UTC; the collection time is the collector's local time, taken to UTC
 * with the offset the clock estimated, or shown as local time when there is none. Moments that a cause finding
 * cites as evidence are marked with its key.
 */
export function buildTimeline(bundle: Bundle, findings: readonly Finding[], clock: CollectionClock): Timeline {
  // A cause's evidence, by file and line, marks the moments it rests on.
  const causeAt = new Map<string, string[]>();
  for (const f of findings) {
    if (f.explainedBy || f.severity === 'info' || !f.key) continue;
    for (const e of f.evidence) {
      if (e.line === null) continue;
      const k = `${e.file}\0${e.line}`;
      const list = causeAt.get(k) ?? [];
      if (!list.includes(f.key)) list.push(f.key);
      causeAt.set(k, list);
    }
  }
  const out: Candidate[] = [];
  const add = (time: string | null, e: Omit<TimelineEntry, 'time' | 'causes'>, priority: number, also: readonly { file: string; line: number | null }[] = []) => {
    if (!time) return;
    const ms = Date.parse(time);
    if (Number.isNaN(ms)) return;
    const causes = [...new Set([e, ...also].flatMap((x) => (x.file && x.line !== null ? (causeAt.get(`${x.file}\0${x.line}`) ?? []) : [])))].sort();
    out.push({ ...e, time: new Date(ms).toISOString(), causes, ms, priority: causes.length > 0 ? 0 : priority });
  };

  for (const e of bundle.k8s.events ?? []) {
    const what = `${e.object.kind.toLowerCase()} ${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name}${e.object.fieldPath ? ` ${e.object.fieldPath}` : ''}`;
    const times = e.count > 1 && e.lastTime && e.lastTime !== e.firstTime ? ` (${e.count} times until ${e.lastTime})` : '';
    add(e.firstTime, { node: e.object.kind === 'Node' ? e.object.name : e.host, kind: 'event', text: `${e.type} ${e.reason} on ${what}: ${e.message}${times}`, file: e.src.file, line: e.src.line }, e.type === 'Warning' ? 1 : 3);
  }

  for (const pod of bundle.k8s.pods ?? []) {
    if (pod.role === 'other') continue;
    const file = pod.src.file;
    add(pod.startTime, { node: pod.nodeName, kind: 'container', text: `pod ${pod.namespace}/${pod.name} started`, file, line: pod.src.line }, 2);
    for (const c of pod.containers) {
      const name = `${c.init ? 'init container' : 'container'} ${c.name} of ${pod.name}`;
      const line = (field: string) => c.lines[field]?.line ?? null;
      const last = c.lastState;
      if (last?.kind === 'terminated') {
        add(last.startedAt, { node: pod.nodeName, kind: 'container', text: `${name} started (its previous run)`, file, line: line('lastState.startedAt') }, 2);
        const how = `${last.reason ?? 'exited'}${last.exitCode !== null ? `, exit code ${last.exitCode}` : ''}`;
        add(last.finishedAt, { node: pod.nodeName, kind: 'container', text: `${name} terminated: ${how}; ${c.restartCount} restart${c.restartCount === 1 ? '' : 's'} so far`, file, line: line('lastState.finishedAt') }, 1, [
          { file, line: line('lastState') },
          { file, line: line('restartCount') },
        ]);
      }
      const state = c.state;
      if (state?.kind === 'running') add(state.startedAt, { node: pod.nodeName, kind: 'container', text: `${name} started; running when the bundle was taken`, file, line: line('state.startedAt') }, c.restartCount > 0 ? 1 : 3);
      if (state?.kind === 'terminated') add(state.finishedAt, { node: pod.nodeName, kind: 'container', text: `${name} terminated: ${state.reason ?? 'exited'}${state.exitCode !== null ? `, exit code ${state.exitCode}` : ''}`, file, line: line('state.finishedAt') }, c.init ? 3 : 1);
    }
  }

  const logs: { log: LogSummary; node: string | null; pod: string }[] = [
    ...bundle.agents.flatMap((a) => a.logs.map((log) => ({ log, node: a.node, pod: a.pod }))),
    ...bundle.podLogs.map((log) => ({ log, node: (bundle.k8s.pods ?? []).find((p) => p.name === log.pod)?.nodeName ?? null, pod: log.pod ?? '' })),
  ];
  // First and last time of each signature per node (a signature seen in the previous and the current log once).
  const seen = new Map<string, { first: string | null; last: string | null; count: number; text: string; file: string; line: number | null; lastLine: { file: string; line: number | null } | null; known: boolean; level: string; node: string | null }>();
  for (const { log, node, pod } of logs) {
    for (const s of log.signatures) {
      const key = `${node ?? pod}\0${log.container}\0${s.level}\0${s.signature}`;
      const entry = seen.get(key);
      const where = `${log.container}${node ? '' : ` of ${pod}`}`;
      if (!entry) {
        seen.set(key, { first: s.firstTime, last: s.lastTime, count: s.count, text: `${where} ${s.level}: ${s.message}`, file: s.first.src.file, line: s.first.src.line, lastLine: lastLineOf(log, s.message), known: s.known !== null, level: s.level, node });
        continue;
      }
      if (s.firstTime && (!entry.first || s.firstTime < entry.first)) {
        entry.first = s.firstTime;
        entry.file = s.first.src.file;
        entry.line = s.first.src.line;
      }
      if (s.lastTime && (!entry.last || s.lastTime > entry.last)) {
        entry.last = s.lastTime;
        entry.lastLine = lastLineOf(log, s.message);
      }
      // The kubelet serves a waiting container's last run as both logs: the same lines count once.
      if (s.firstTime !== entry.first || s.lastTime !== entry.last) entry.count += s.count;
    }
  }
  for (const s of seen.values()) {
    const priority = s.known || s.level === 'fatal' || s.level === 'panic' ? 1 : 2;
    add(s.first, { node: s.node, kind: 'log', text: `${s.count > 1 ? 'first ' : ''}${s.text}`, file: s.file, line: s.line }, priority);
    if (s.count > 1 && s.last && s.last !== s.first) {
      add(s.last, { node: s.node, kind: 'log', text: `last of ${s.count}: ${s.text}`, file: s.lastLine?.file ?? s.file, line: s.lastLine?.line ?? null }, priority + 1);
    }
  }

  // Agents probe at about the same time: one moment per probe time, naming the agents.
  const probes = new Map<string, { nodes: string[]; file: string }>();
  for (const o of bundle.health?.observers ?? []) {
    if (!o.probeTime) continue;
    const p = probes.get(o.probeTime) ?? { nodes: [], file: o.file };
    p.nodes.push(o.node);
    probes.set(o.probeTime, p);
  }
  for (const [time, p] of probes) {
    const names = p.nodes.length > 4 ? `${p.nodes.slice(0, 3).join(', ')} and ${p.nodes.length - 3} more` : p.nodes.join(', ');
    add(time, { node: p.nodes.length === 1 ? (p.nodes[0] as string) : null, kind: 'status', text: `health probes of ${p.nodes.length === 1 ? 'the agent' : `${p.nodes.length} agents`} (${names})`, file: p.file, line: null }, 4);
  }
  for (const a of bundle.agents) {
    for (const c of a.status?.controllers?.failing ?? []) {
      if (!c.lastError || !/^\d{4}-\d{2}-\d{2}T/.test(c.lastError)) continue;
      add(c.lastError, { node: a.node, kind: 'status', text: `controller ${c.name} of the agent on ${a.node ?? a.pod} failed${c.failureCount > 1 ? ` (${c.failureCount} times)` : ''}${c.message ? `: ${c.message}` : ''}`, file: c.src.file, line: c.src.line }, 2);
    }
  }

  const collected = clock.ms !== null ? new Date(clock.ms).toISOString() : null;
  if (collected) {
    const text = clock.utc
      ? `sysdump collected (the collector's local time ${clock.local}, UTC${formatOffset(clock.offsetMinutes ?? 0)})`
      : `sysdump collected at ${clock.local}, the collector's local time, placed as if it were UTC: its offset is unknown`;
    add(collected, { node: null, kind: 'collected', text, file: null, line: null }, 0);
  }

  const kept = out.length > MAX_TIMELINE ? [...out].sort((a, b) => a.priority - b.priority || a.ms - b.ms).slice(0, MAX_TIMELINE) : out;
  const order = { collected: 5, event: 1, container: 0, status: 3, log: 2 } as const;
  kept.sort((a, b) => a.ms - b.ms || order[a.kind] - order[b.kind] || (a.node ?? '').localeCompare(b.node ?? '') || a.text.localeCompare(b.text));
  return {
    clock: { local: clock.local, utc: clock.utc, offsetMinutes: clock.offsetMinutes, basis: clock.basis },
    entries: kept.map(({ ms: _ms, priority: _p, ...e }) => e),
    omitted: out.length - kept.length,
  };
}

/** The line of a signature's last occurrence, when it is among the log's last decisive lines. */
function lastLineOf(log: LogSummary, message: string): { file: string; line: number | null } | null {
  for (let i = log.last.length - 1; i >= 0; i--) {
    const l = log.last[i];
    if (l && l.message === message.slice(0, 500)) return { file: l.src.file, line: l.src.line };
  }
  return null;
}
