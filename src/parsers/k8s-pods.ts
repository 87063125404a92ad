// `k8s-pods-<ts>.yaml`: every pod of the cluster (cilium-cli sysdump), of which only Cilium's are kept. The label
// selectors are cilium-cli's (sysdump/defaults.go @ v0.19: `k8s-app=cilium`, `io.cilium/app=operator`,
// `k8s-app=hubble-relay`, `k8s-app=hubble-ui`, `k8s-app=clustermesh-apiserver`, `k8s-app=cilium-envoy`,
// `app=cilium-node-init`; older operators carry `name=cilium-operator`). Container and init container statuses are
// the core/v1 ContainerStatus of client-go's YAML printer (sorted keys, list items at their key's indent). Legacy
// Python sysdump: `pods-<ts>.json`.
import { excerptOf, type LineRef } from '../model/common.js';
import type { ContainerState, ContainerStatus, Pod, PodRole } from '../model/k8s.js';
import { asArray, asNumber, asObject, asString } from './util/json.js';
import { TS, itemSrc, labelsOf, nameOf, str } from './util/k8s.js';
import { defineK8sListParser, type ItemContext } from './util/yaml-list.js';

export const k8sPods = defineK8sListParser<Pod>({
  id: 'k8s-pods',
  files: [new RegExp(`^k8s-pods-${TS}\\.yaml$`), new RegExp(`^pods-${TS}\\.json$`)],
  preference: 20,
  kinds: ['Pod'],
  item(obj, ctx) {
    const role = roleOf(labelsOf(obj, 'metadata', 'labels'));
    if (!role) return null;
    const name = nameOf(obj, ctx, 'Pod');
    if (!name) return null;
    const status = asObject(obj.status);
    const spec = asObject(obj.spec);
    const ready = (asArray(status?.conditions) ?? []).map(asObject).find((c) => c?.type === 'Ready');
    const statusBlocks = { containerStatuses: blockElements(ctx, ['status', 'containerStatuses']), initContainerStatuses: blockElements(ctx, ['status', 'initContainerStatuses']) };
    const specBlocks = { containers: blockElements(ctx, ['spec', 'containers']), initContainers: blockElements(ctx, ['spec', 'initContainers']) };
    const specOf = (key: 'containers' | 'initContainers') => (asArray(spec?.[key]) ?? []).map(asObject);
    const containers: ContainerStatus[] = [];
    for (const [key, init] of [['initContainerStatuses', true], ['containerStatuses', false]] as const) {
      const specKey = init ? 'initContainers' : 'containers';
      const specs = specOf(specKey);
      (asArray(status?.[key]) ?? []).forEach((c, i) => {
        const o = asObject(c);
        if (!o) return;
        const cname = asString(o.name) ?? '';
        const at = specs.findIndex((s) => s?.name === cname);
        containers.push(containerStatus(o, init, statusBlocks[key][i] ?? null, at >= 0 ? specs[at] ?? null : null, at >= 0 ? specBlocks[specKey][at] ?? null : null, ctx));
      });
    }
    const specContainers = specOf('containers');
    const main = specContainers.find((c) => c?.name === 'cilium-agent' || c?.name === 'cilium-operator') ?? specContainers[0];
    return {
      ...itemSrc(ctx),
      namespace: str(obj, 'metadata', 'namespace') ?? '',
      name,
      role,
      nodeName: str(obj, 'spec', 'nodeName'),
      hostIP: asString(status?.hostIP),
      podIP: asString(status?.podIP),
      phase: asString(status?.phase),
      ready: ready ? ready.status === 'True' : null,
      startTime: asString(status?.startTime),
      containers,
      image: asString(main?.image),
    };
  },
});

/** The Cilium component a pod belongs to, by cilium-cli's label selectors; null for any other pod. */
export function roleOf(labels: Readonly<Record<string, string>>): PodRole | null {
  switch (labels['k8s-app']) {
    case 'cilium':
      return 'agent';
    case 'hubble-relay':
      return 'hubble-relay';
    case 'hubble-ui':
      return 'hubble-ui';
    case 'clustermesh-apiserver':
      return 'clustermesh-apiserver';
    case 'cilium-envoy':
      return 'envoy';
  }
  if (labels['io.cilium/app'] === 'operator' || labels.name === 'cilium-operator') return 'operator';
  if (labels.app === 'cilium-node-init') return 'node-init';
  return null;
}

type Element = { text: string; n: number }[];

function containerStatus(o: Record<string, unknown>, init: boolean, lines: Element | null, spec: Record<string, unknown> | null, specLines: Element | null, ctx: ItemContext): ContainerStatus {
  const state = stateOf(asObject(o.state));
  const last = stateOf(asObject(o.lastState));
  const refs: Record<string, LineRef> = {};
  const cite = (name: string, path: readonly string[], from: Element | null = lines) => {
    const line = from ? keyLine(from, path) : null;
    if (line !== null) refs[name] = { line, excerpt: excerptOf(ctx.text(line)) };
  };
  if (lines?.[0]) refs.name = { line: keyLine(lines, ['name']) ?? lines[0].n, excerpt: excerptOf(ctx.text(keyLine(lines, ['name']) ?? lines[0].n)) };
  cite('restartCount', ['restartCount']);
  cite('ready', ['ready']);
  for (const [prefix, s] of [['state', state], ['lastState', last]] as const) {
    if (!s) continue;
    cite(prefix, [prefix, s.kind]);
    for (const field of ['reason', 'message', 'exitCode', 'startedAt', 'finishedAt']) cite(`${prefix}.${field}`, [prefix, s.kind, field]);
  }
  const memoryLimit = asString(asObject(asObject(spec?.resources)?.limits)?.memory) ?? numberText(asObject(asObject(spec?.resources)?.limits)?.memory);
  if (memoryLimit) cite('memoryLimit', ['resources', 'limits', 'memory'], specLines);
  const terminated = last?.kind === 'terminated' ? last : null;
  return {
    name: asString(o.name) ?? '',
    init,
    ready: typeof o.ready === 'boolean' ? o.ready : null,
    restartCount: asNumber(o.restartCount) ?? 0,
    waitingReason: state?.kind === 'waiting' ? state.reason : null,
    lastTerminationReason: terminated?.reason ?? null,
    lastTerminationExitCode: terminated?.exitCode ?? null,
    lastTerminationTime: terminated?.finishedAt ?? null,
    image: asString(o.image),
    state,
    lastState: last,
    memoryLimit,
    lines: refs,
  };
}

function stateOf(o: Record<string, unknown> | null): ContainerState | null {
  if (!o) return null;
  for (const kind of ['terminated', 'waiting', 'running'] as const) {
    const s = asObject(o[kind]);
    if (!s) continue;
    return {
      kind,
      reason: asString(s.reason),
      message: asString(s.message)?.slice(0, 2000) ?? null,
      exitCode: asNumber(s.exitCode),
      startedAt: asString(s.startedAt),
      finishedAt: asString(s.finishedAt),
    };
  }
  return null;
}

function numberText(v: unknown): string | null {
  return typeof v === 'number' ? String(v) : null;
}

/**
 * The elements of a list field (`containerStatuses:` then `- …` items at the key's indent, as client-go prints
 * it), each with its lines, so a field of the n-th element can be cited. Empty for other layouts (JSON), where the
 * pod's own line is cited instead.
 */
function blockElements(ctx: ItemContext, path: readonly string[]): Element[] {
  const key = ctx.lineOf(path);
  if (key === null) return [];
  const head = ctx.text(key);
  const indent = head.length - head.trimStart().length;
  const out: Element[] = [];
  // An item holds at most a few thousand lines; the bound keeps a hostile one from being walked twice.
  for (let n = key + 1; n < key + 20_000; n++) {
    const text = ctx.text(n);
    if (text === '') break;
    const at = text.length - text.trimStart().length;
    if (at === indent && text.startsWith('- ', at)) out.push([{ text, n }]);
    else if (at <= indent) break;
    else if (out.length > 0) (out[out.length - 1] as Element).push({ text, n });
  }
  return out;
}

/** The line of `a:`, then `b:` deeper below it, … within one list element (its first line is `- key: …`). */
function keyLine(lines: Element, path: readonly string[]): number | null {
  const first = lines[0]?.text ?? '';
  // The element's own keys sit two columns right of its `- `; the first key of the path must be one of them.
  const top = first.length - first.trimStart().length + 2;
  let from = 0;
  let minIndent = -1;
  let found: number | null = null;
  for (const key of path) {
    found = null;
    for (let i = from; i < lines.length; i++) {
      const { text, n } = lines[i] as { text: string; n: number };
      let at = text.length - text.trimStart().length;
      if (text.startsWith('- ', at)) at += 2;
      if ((minIndent < 0 ? at === top : at > minIndent) && text.startsWith(`${key}:`, at)) {
        found = n;
        minIndent = at;
        from = i + 1;
        break;
      }
      // Left the parent's block: the key is not there.
      if (minIndent >= 0 && at <= minIndent && text.trim() !== '') return null;
    }
    if (found === null) return null;
  }
  return found;
}
