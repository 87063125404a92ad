import { KNOWN_MESSAGES, type KnownMessage } from '../knowledge/log-messages.js';
import type { Bundle } from '../model/bundle.js';
import type { Pod } from '../model/k8s.js';
import type { LogLine, LogSignature, LogSummary } from '../model/misc.js';
import type { KnowledgeRef } from './define.js';

/** A container log with the pod, node and component it belongs to. */
export interface ComponentLog {
  log: LogSummary;
  pod: string;
  node: string | null;
  /** Knowledge-base component (`cilium-agent`, `cilium-operator`, `init`, …), or null. */
  component: string | null;
  container: string;
}

/** Every Cilium container log of the bundle (agents with their init containers, operator, relay, …), tied to its pod and node. */
export function componentLogs(bundle: Bundle): ComponentLog[] {
  const nodeOfPod = new Map<string, string | null>();
  for (const p of bundle.k8s.pods ?? []) nodeOfPod.set(p.name, p.nodeName);
  const out: ComponentLog[] = [];
  for (const a of bundle.agents) {
    for (const log of a.logs) out.push({ log, pod: a.pod, node: a.node, component: log.component, container: log.container });
  }
  for (const log of bundle.podLogs) {
    const pod = log.pod ?? '';
    out.push({ log, pod, node: nodeOfPod.get(pod) ?? null, component: log.component, container: log.container });
  }
  return out;
}

/** The current and previous log of one container. */
export function containerLogs(logs: readonly ComponentLog[], pod: string, container: string): { current: LogSummary | null; previous: LogSummary | null } {
  let current: LogSummary | null = null;
  let previous: LogSummary | null = null;
  for (const l of logs) {
    if (l.pod !== pod || l.container !== container) continue;
    if (l.log.previous) previous ??= l.log;
    else current ??= l.log;
  }
  return { current, previous };
}

/**
 * A container's signatures with the same event counted once: while a container waits in CrashLoopBackOff the
 * kubelet serves the last run's log as both the current and the previous log, so the two files hold the same
 * lines. Two files that span the same time are one log; a signature seen in both with the same first and last
 * time is one set of events.
 */
export function mergedSignatures(current: LogSummary | null, previous: LogSummary | null): { signature: LogSignature; log: LogSummary }[] {
  const out: { signature: LogSignature; log: LogSummary }[] = [];
  const same = current && previous && current.firstTime !== null && current.firstTime === previous.firstTime && current.lastTime === previous.lastTime;
  const prev = same ? null : previous;
  const seen = new Set<string>();
  for (const log of [prev, current]) {
    if (!log) continue;
    for (const s of log.signatures) {
      const key = `${s.level}\0${s.subsys ?? ''}\0${s.signature}\0${s.firstTime ?? ''}\0${s.lastTime ?? ''}`;
      if (s.firstTime !== null && seen.has(key)) continue;
      seen.add(key);
      out.push({ signature: s, log });
    }
  }
  return out;
}

/**
 * Why a container's last run ended, from its log: the last fatal or panic line, else the last error, else the last
 * decisive warning, with up to two lines before it of the same or a worse level (the chain that led there).
 */
export function exitLines(logs: readonly (LogSummary | null)[]): LogLine[] {
  for (const log of logs) {
    if (!log || log.last.length === 0) continue;
    const rank = (l: LogLine) => (l.level === 'fatal' || l.level === 'panic' ? 0 : l.level === 'error' ? 1 : 2);
    const best = log.last.reduce((m, l) => Math.min(m, rank(l)), Infinity);
    let at = -1;
    for (let i = log.last.length - 1; i >= 0; i--) {
      if (rank(log.last[i] as LogLine) === best) {
        at = i;
        break;
      }
    }
    const chosen = log.last[at] as LogLine;
    const before = log.last.slice(0, at).filter((l) => rank(l) <= Math.max(best, 1) && l.message !== chosen.message).slice(-2);
    return [...before, chosen];
  }
  return [];
}

const BY_ID = new Map<string, KnownMessage>(KNOWN_MESSAGES.map((k) => [k.id, k]));

/** The knowledge-base entry of an id a log parser recorded. */
export function knownMessage(id: string | null): KnownMessage | null {
  return id === null ? null : (BY_ID.get(id) ?? null);
}

/** What a finding carries of a known message. */
export function knowledgeRef(k: KnownMessage): KnowledgeRef {
  return {
    id: k.id,
    title: k.title,
    meaning: k.meaning,
    causes: k.causes,
    fix: k.fix,
    sources: k.sources,
    ...(k.affects ? { affects: k.affects } : {}),
    ...(k.fixedIn ? { fixedIn: k.fixedIn } : {}),
  };
}

/** A log message quoted inside a finding's message: one line, bounded, without the full stop Go messages end in. */
export function quote(message: string, max = 300): string {
  const one = message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/** How a container is named in a message: the agent by its node, an init container by its agent, others by pod. */
export function containerName(pod: Pick<Pod, 'role' | 'name' | 'nodeName'>, container: string, init: boolean): string {
  const where = pod.nodeName ? ` on ${pod.nodeName}` : '';
  if (pod.role === 'agent') return init ? `The ${container} init container of the agent${where} (${pod.name})` : `${container}${where}`;
  return `${init ? `The ${container} init container of ` : `${container} of `}${pod.name}${where}`;
}

/** `2022-11-10T18:40:12Z` as `2022-11-10 18:40:12 UTC`; other strings unchanged. */
export function formatTime(iso: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}
