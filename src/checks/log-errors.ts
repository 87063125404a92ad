import type { LogSignature, LogSummary } from '../model/misc.js';
import { clause, defineCheck, evidenceOf, type Impact } from './define.js';
import { componentLogs, containerLogs, formatTime, knowledgeRef, knownMessage, mergedSignatures, quote } from './util-logs.js';

type Data = {
  /** `cilium-agent`, `cilium-operator`, `the config init container`, … */
  component: string;
  /** `node-a and node-b`, `node-a and 4 other nodes`. */
  where: string;
  count: number;
  /** The signature the lines share (variable parts masked), for grouping. */
  signature: string;
  /** The first line's message, unmasked. */
  message: string;
  /** `, from 2024-05-13 13:58:12 UTC to 2024-05-13 14:10:01 UTC`, or ''. */
  span: string;
  /** Lines per node (or pod, for a pod with no node), most first. */
  perNode: Record<string, number>;
};
type KnownData = Data & { title: string; fix: string };

const lines = (n: number, level: string) => `${n} ${level} line${n === 1 ? '' : 's'}`;
const known = (d: KnownData) => `${d.component} on ${d.where}: ${d.title}; ${d.count === 1 ? `one line${d.span}` : `${d.count} lines${d.span}, the first`}: ${d.message}; to fix, ${d.fix}`;

export default defineCheck({
  id: 'CR-7001',
  slug: 'log-errors',
  title: 'Errors in the logs of Cilium components',
  defaultSeverity: 'warning',
  messageSeverity: { fatal: 'error', knownError: 'error', knownInfo: 'info' },
  needs: ['logs'],
  thresholds: {
    minCount: { default: 1, description: 'occurrences of an error signature (summed over pods) below which nothing is reported' },
    maxFindings: { default: 20, description: 'at most this many signatures are reported: known messages first, then fatal lines, then the most frequent' },
  },
  messages: {
    errors: (d: Data) => `${d.component} on ${d.where} logged ${lines(d.count, 'error')}${d.span}${d.count === 1 ? '' : ', the first'}: ${d.message}`,
    fatal: (d: Data) => `${d.component} on ${d.where} logged ${lines(d.count, 'fatal')}${d.span}${d.count === 1 ? '' : ', the first'}: ${d.message}`,
    knownError: known,
    known,
    knownInfo: known,
  },
  docs: {
    summary: 'Error, fatal and panic lines (and the warnings the knowledge base calls decisive) in the logs of every Cilium component, grouped by signature, counted per node, with first and last time; a known message comes with what it means and what to change.',
    explanation:
      'Container logs of the agents and their init containers, the operator, hubble-relay, clustermesh-apiserver and cilium-envoy (`logs-<pod>-<container>-<ts>.log`, and `-prev.log` of a restarted container) are read for level error, fatal and panic. Lines that differ only in variable parts count as one signature; the same lines in a container\'s current and previous log (the kubelet serves the last run as both while the container waits to restart) count once. Each signature is matched against the knowledge base of known messages (`src/knowledge/log-messages.ts`): a match reports the entry\'s meaning and fix; warnings are reported only when an entry makes them decisive.',
    consequences: 'Errors that repeat point at what a component cannot do; a fatal line in a -prev.log is usually why it restarted (the restart finding quotes it).',
    commonCauses: [
      'API server or kvstore connectivity (timeouts, "connection refused", rate limiting)',
      'BPF map or program problems (map full, verifier rejections)',
      'IPAM or identity allocation failures',
      'A configuration the component refuses at start-up',
    ],
    verify: [
      'kubectl -n kube-system logs <pod> -c <container> | grep -E "level=(error|fatal)|panic"',
      'kubectl -n kube-system logs <pod> -c <container> --previous | tail -50',
    ],
  },
  run(bundle, ctx) {
    const logs = componentLogs(bundle);
    const groups = new Map<string, Group>();
    const containers = new Set(logs.map((l) => `${l.pod}\0${l.container}`));
    for (const key of [...containers].sort()) {
      const [pod, container] = key.split('\0') as [string, string];
      const { current, previous } = containerLogs(logs, pod, container);
      const owner = logs.find((l) => l.pod === pod && l.container === container);
      const who = owner?.node ?? pod;
      const component = componentLabel(owner?.log ?? null);
      for (const { signature: s } of mergedSignatures(current, previous)) {
        const levelClass = s.level === 'panic' ? 'fatal' : s.level;
        const k = `${component}\0${levelClass}\0${s.signature}`;
        const g = groups.get(k) ?? { component, container, kbComponent: owner?.component ?? null, level: levelClass, signature: s.signature, total: 0, perNode: new Map<string, number>(), nodes: new Set<string>(), first: null, last: null, samples: [], known: null };
        g.total += s.count;
        g.perNode.set(who, (g.perNode.get(who) ?? 0) + s.count);
        if (owner?.node) g.nodes.add(owner.node);
        if (s.firstTime && (!g.first || s.firstTime < g.first)) g.first = s.firstTime;
        if (s.lastTime && (!g.last || s.lastTime > g.last)) g.last = s.lastTime;
        if (g.samples.length < 5) g.samples.push(s);
        g.known ??= s.known;
        groups.set(k, g);
      }
    }
    const order = (g: Group) => [g.known ? 0 : 1, g.level === 'fatal' ? 0 : g.level === 'error' ? 1 : 2];
    const ranked = [...groups.values()]
      .filter((g) => g.total >= ctx.thresholds.minCount && (g.level !== 'warning' || g.known))
      .sort((a, b) => (order(a)[0] as number) - (order(b)[0] as number) || (order(a)[1] as number) - (order(b)[1] as number) || b.total - a.total || a.signature.localeCompare(b.signature) || a.component.localeCompare(b.component));
    for (const g of ranked.slice(0, ctx.thresholds.maxFindings)) {
      const perNode = [...g.perNode].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const data: Data = {
        component: g.component,
        where: whereOf(perNode.map(([n]) => n)),
        count: g.total,
        signature: g.signature,
        message: quote((g.samples[0] as LogSignature).message),
        span: g.first ? (g.last && g.last !== g.first ? `, from ${formatTime(g.first)} to ${formatTime(g.last)}` : ` at ${formatTime(g.first)}`) : '',
        perNode: Object.fromEntries(perNode),
      };
      const k = knownMessage(g.known);
      const facts = {
        subject: g.container,
        tags: [`component:${g.kbComponent ?? g.component}`, `level:${g.level}`, ...(k ? [`area:${k.area}`, `known:${k.id}`] : apiserverTag(g.signature))],
        at: g.last,
        impact: (k && DATAPATH_AREAS.has(k.area) ? 'datapath' : 'control-plane') as Impact,
        knowledge: k ? [knowledgeRef(k)] : [],
        nodes: [...g.nodes].sort(),
        evidence: g.samples.map((s) => evidenceOf(s.first)),
      };
      if (k) {
        const messageId = k.severity === 'error' ? 'knownError' : k.severity === 'info' ? 'knownInfo' : 'known';
        ctx.report({ messageId, data: { ...data, title: k.title, fix: clause(k.fix) }, ...facts });
      } else ctx.report({ messageId: g.level === 'fatal' ? 'fatal' : 'errors', data, ...facts });
    }
  },
});

interface Group {
  component: string;
  container: string;
  kbComponent: string | null;
  level: string;
  signature: string;
  total: number;
  perNode: Map<string, number>;
  nodes: Set<string>;
  first: string | null;
  last: string | null;
  samples: LogSignature[];
  known: string | null;
}

const DATAPATH_AREAS = new Set(['bpf', 'datapath', 'ipam', 'cni', 'kernel', 'encryption']);

/** How a message names the container: the component, or `The config init container` for an agent's init containers. */
function componentLabel(log: LogSummary | null): string {
  if (!log) return 'a Cilium container';
  if (log.component === 'init') return `The ${log.container} init container`;
  return log.container || 'a Cilium container';
}

function whereOf(names: readonly string[]): string {
  if (names.length <= 3) return names.length === 2 ? `${names[0]} and ${names[1]}` : names.join(', ').replace(/, ([^,]*)$/, ' and $1');
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} other nodes`;
}

function apiserverTag(signature: string): string[] {
  return /api-?server|Kubernetes apiserver|k8s api/i.test(signature) && /timeout|refused|unreachable|no route|deadline/i.test(signature) ? ['area:apiserver'] : [];
}
