// `k8s-events-<ts>.yaml`: the core/v1 EventList of all namespaces (cilium-cli sysdump.go, `ListEvents` through
// `CoreV1().Events("")`, written by the YAML printer; sysdump-format.md §1.2); legacy Python sysdump:
// `k8s-events-<ts>.json`. Events from the newer events.k8s.io recorders fill `eventTime` and `series` instead of
// `firstTimestamp`, `lastTimestamp` and `count`. Only what the timeline and the checks use is kept: warnings, and
// every event about a Node or a Cilium component's pod.
import type { K8sEvent } from '../model/k8s.js';
import { asNumber, asObject, asString } from './util/json.js';
import { TS, fieldSrc, str } from './util/k8s.js';
import { defineK8sListParser } from './util/yaml-list.js';

const CILIUM_OBJECT = /^(cilium|hubble-|clustermesh-apiserver)/;

export const k8sEvents = defineK8sListParser<K8sEvent>({
  id: 'k8s-events',
  files: [new RegExp(`^k8s-events-${TS}\\.yaml$`), new RegExp(`^k8s-events-${TS}\\.json$`)],
  kinds: ['Event'],
  item(obj, ctx) {
    const involved = asObject(obj.involvedObject) ?? asObject(obj.regarding);
    const kind = asString(involved?.kind) ?? '';
    const name = asString(involved?.name) ?? '';
    const type = str(obj, 'type') ?? 'Normal';
    if (type !== 'Warning' && kind !== 'Node' && !CILIUM_OBJECT.test(name)) return null;
    const series = asObject(obj.series);
    const first = asString(obj.firstTimestamp) ?? asString(obj.eventTime) ?? asString(obj.deprecatedFirstTimestamp);
    const last = asString(obj.lastTimestamp) ?? asString(series?.lastObservedTime) ?? asString(obj.deprecatedLastTimestamp) ?? first;
    if (!first) {
      ctx.diagnostics.push({ file: ctx.file, line: ctx.line, level: 'warning', message: 'An Event without firstTimestamp or eventTime: skipped' });
      return null;
    }
    const message = asString(obj.message) ?? asString(obj.note) ?? '';
    return {
      ...fieldSrc(ctx, [obj.message !== undefined ? 'message' : 'note']),
      namespace: str(obj, 'metadata', 'namespace'),
      type,
      reason: str(obj, 'reason') ?? '',
      message: message.length > 2000 ? `${message.slice(0, 2000)}…` : message,
      count: asNumber(obj.count) ?? asNumber(series?.count) ?? 1,
      firstTime: first,
      lastTime: last,
      object: { kind, name, namespace: asString(involved?.namespace), fieldPath: asString(involved?.fieldPath) },
      host: str(obj, 'source', 'host') ?? asString(obj.reportingInstance),
    };
  },
});
