// Container logs as cilium-cli collects them: `logs-<pod>-<container>-<ts>[-prev].log`, each line prefixed by the
// kubelet's RFC3339Nano timestamp (sysdump-format.md §1.2, §5). The agent logs logfmt up to 1.16
// (`level=error msg="…" error="…" subsys=…`), JSON when configured (`{"level":"error","msg":…}`), and slog text
// from 1.17 (`time=… level=ERROR source=… msg=… module=…`; pkg/logging). Error, fatal and panic lines are kept as
// signatures, and so are the warnings the knowledge base calls decisive; other warnings are counted. Every Cilium
// component's containers are read (operator, hubble-relay, clustermesh-apiserver, envoy, the agent's init
// containers), each matched against the knowledge base for its component. Read as a stream: a log can be a gigabyte.
//
// Some lines carry no level field and are read where they are decisive, as the knowledge base's calling convention
// says (src/knowledge/log-messages.ts `LogLevel`):
// - cilium-envoy logs in spdlog's form, `[<time>][<thread>][<level>][<logger>] [<file>:<line>] <message>` (Helm
//   `envoy.log.format`, install/kubernetes/cilium/values.yaml.tmpl), levels trace … critical: `[critical]` is read as
//   fatal, `[error]` as error and `[warning]` as warning; its starter prints plain lines before Envoy logs
//   (`assert failure: … running with privileges, exiting`);
// - init containers are shell scripts whose commands write plain stderr lines (`nsenter: …`, `cp: …`) among plain
//   progress lines (`Installing cilium-cni to …`, plugins/cilium-cni/install-plugin.sh);
// - from 1.14 the agent prints a verifier rejection straight to stderr, `Verifier error: <error>` and then the
//   kernel's listing under `Verifier log:` (pkg/bpf/collection.go `LoadAndAssign`, cilium/cilium PR 24506).
// Plain lines of init containers and of Envoy are kept (as error) only when the knowledge base knows them, so a
// progress line never becomes an error; the agent's `Verifier error:` line is always kept. Every other plain line,
// the verifier listing included, is counted as unparsed, and costs the agent container one prefix comparison.
import { isDecisiveWarning, matchKnownMessage, type Component, type LogLevel } from '../knowledge/log-messages.js';
import { excerptOf } from '../model/common.js';
import type { LogLine, LogSignature, LogSummary } from '../model/misc.js';
import type { LineParser } from './define.js';
import { TS } from './util/k8s.js';

const KUBELET_TS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))\s/;
/**
 * Container names of the Cilium components cilium-cli collects logs from (Helm chart templates of 1.10–1.18):
 * the agent and its init containers, the operator, hubble-relay and hubble-ui, clustermesh-apiserver (its
 * `apiserver`, `etcd`, `etcd-init` and `kvstoremesh`), cilium-envoy and node-init. Longest first, so a name that
 * ends another (`apiserver` in `clustermesh-apiserver`) is tried after it.
 */
const CONTAINERS = [
  'cilium-agent', 'cilium-operator', 'clean-cilium-state', 'mount-cgroup', 'apply-sysctl-overwrites', 'mount-bpf-fs', 'install-cni-binaries',
  'install-portmap-cni-plugin', 'wait-for-kube-proxy', 'wait-for-node-init', 'config', 'cilium-envoy', 'hubble-relay', 'clustermesh-apiserver',
  'kvstoremesh', 'apiserver', 'etcd-init', 'etcd', 'node-init', 'frontend', 'backend',
].sort((a, b) => b.length - a.length);
const AGENT_INIT = new Set(['config', 'mount-cgroup', 'apply-sysctl-overwrites', 'mount-bpf-fs', 'clean-cilium-state', 'install-cni-binaries', 'install-portmap-cni-plugin', 'wait-for-kube-proxy', 'wait-for-node-init']);
const MAX_SIGNATURES = 500;
const MAX_LAST = 8;

/** The knowledge-base component of a container, by its name; null for containers the knowledge base has no entries for. */
export function componentOf(container: string): Component | null {
  if (container === 'cilium-agent' || container === 'cilium-operator' || container === 'hubble-relay' || container === 'cilium-envoy') return container;
  if (container === 'clustermesh-apiserver' || container === 'apiserver' || container === 'etcd' || container === 'etcd-init' || container === 'kvstoremesh') return 'clustermesh-apiserver';
  if (AGENT_INIT.has(container)) return 'init';
  return null;
}

export const agentLogs: LineParser<LogSummary> = {
  id: 'agent-logs',
  scope: 'root',
  format: 'log',
  kind: 'lines',
  preference: 10,
  files: [new RegExp(`^logs-.+-${TS}(-prev)?\\.log$`)],
  start(file) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    const container = CONTAINERS.find((c) => new RegExp(`-${c}-${TS}(-prev)?\\.log$`).test(name)) ?? '';
    const component = componentOf(container);
    const signatures = new Map<string, LogSignature>();
    const last: LogLine[] = [];
    let lines = 0;
    let unparsed = 0;
    let warnings = 0;
    let dropped = 0;
    let firstLine: string | null = null;
    let lastLine: string | null = null;
    return {
      line(text, n) {
        lines++;
        if (text === '') return;
        if (firstLine === null) firstLine = text;
        lastLine = text;
        // Cheap test first: most lines are info or debug, and a log can hold millions of them.
        const quick = quickLevel(text);
        if (quick === 'info' || quick === 'debug') return;
        if (quick === 'warning' && component === null) {
          warnings++;
          return;
        }
        let plain: LogRecord | 'record' | null = null;
        if (quick === null && (component === 'cilium-agent' || component === 'cilium-envoy' || component === 'init')) {
          plain = readPlain(text, component);
          // A record of a level that is not kept (an Envoy info line): read, not unparsed.
          if (plain === 'record') return;
        }
        if (quick === null && plain === null && !/panic|PANIC|fatal/i.test(text)) {
          if (!/^\S+\s+(\S+=|\{)/.test(text)) unparsed++;
          return;
        }
        const stamp = KUBELET_TS.exec(text);
        const body = stamp ? text.slice((stamp[0] as string).length) : text;
        const record = plain ?? readRecord(body);
        if (!record) {
          unparsed++;
          return;
        }
        const level = record.level;
        if (level !== 'error' && level !== 'fatal' && level !== 'panic' && level !== 'warning') return;
        const message = (record.error ? `${record.msg}: ${record.error}` : record.msg).slice(0, 2000);
        if (level === 'warning') {
          warnings++;
          // Only warnings the knowledge base calls decisive are kept; the rest are counted.
          if (component === null || !isDecisiveWarning(message, component)) return;
        }
        const time = record.time ?? (stamp?.[1] as string | undefined) ?? null;
        const at = text.indexOf(record.msg);
        const excerpt = () => excerptOf(text, Math.max(at, 0), at >= 0 ? at + record.msg.length : text.length);
        const signature = signatureOf(record.msg, record.error);
        const key = `${level}\0${record.subsys ?? ''}\0${signature}`;
        const seen = signatures.get(key);
        const known = seen ? seen.known : component ? (matchKnownMessage(message, component, level as LogLevel)?.id ?? null) : null;
        if (last.length === MAX_LAST) last.shift();
        last.push({ src: { file, line: n }, excerpt: excerpt(), level, message: message.slice(0, 500), time, known });
        if (seen) {
          seen.count++;
          if (time) seen.lastTime = time;
          return;
        }
        if (signatures.size >= MAX_SIGNATURES) {
          dropped++;
          return;
        }
        signatures.set(key, {
          signature,
          level,
          subsys: record.subsys,
          count: 1,
          firstTime: time,
          lastTime: time,
          first: { src: { file, line: n }, excerpt: excerpt() },
          message: message.slice(0, 500),
          known,
        });
      },
      end() {
        const diagnostics = dropped > 0 ? [{ file, line: null, level: 'warning' as const, message: `Too many distinct error signatures: ${dropped} more lines not grouped (limit ${MAX_SIGNATURES})` }] : [];
        const stampOf = (line: string | null) => (line ? (KUBELET_TS.exec(line)?.[1] ?? null) : null);
        return {
          data: {
            file,
            pod: null,
            container,
            component,
            previous: /-prev\.log$/.test(name),
            lines,
            unparsedLines: unparsed,
            warnings,
            firstTime: stampOf(firstLine),
            lastTime: stampOf(lastLine),
            signatures: [...signatures.values()],
            last,
          },
          diagnostics,
        };
      },
    };
  },
};

interface LogRecord {
  level: string;
  msg: string;
  error: string | null;
  subsys: string | null;
  time: string | null;
}

/** Envoy's (spdlog's) level names as the knowledge base's levels; trace, debug and info are not kept. */
const ENVOY_LEVELS: Readonly<Record<string, string>> = { critical: 'fatal', error: 'error', warning: 'warning', warn: 'warning', info: 'info', debug: 'debug', trace: 'debug' };

/** Where the body of a line starts: after the kubelet's RFC3339 stamp (`2024-05-13T14:10:00.1Z `), or at 0. */
function bodyStart(text: string): number {
  if (text.charCodeAt(4) !== 45 /* - */ || text.charCodeAt(10) !== 84 /* T */) return 0;
  const space = text.indexOf(' ', 11);
  return space < 0 ? 0 : space + 1;
}

/**
 * A line without a level field, read where the component makes it decisive (see the head of this file): a record,
 * `'record'` for a record of a level that is not kept, or null for a line that is none of these.
 */
export function readPlain(text: string, component: Component): LogRecord | 'record' | null {
  const start = bodyStart(text);
  if (component === 'cilium-agent') {
    if (!text.startsWith('Verifier error: ', start)) return null;
    return { level: 'error', msg: text.slice(start).trimEnd(), error: null, subsys: null, time: null };
  }
  if (component === 'cilium-envoy' && text.charCodeAt(start) === 91 /* [ */) {
    const envoy = readEnvoy(text, start);
    if (envoy !== null) return envoy;
  }
  if (component !== 'cilium-envoy' && component !== 'init') return null;
  const body = text.slice(start).trim();
  return body !== '' && matchKnownMessage(body, component, 'error') ? { level: 'error', msg: body, error: null, subsys: null, time: null } : null;
}

/** `[2024-10-17 17:11:30.708][7][warning][config] [external/…/grpc_stream.h:193] <message>`, or null. */
function readEnvoy(text: string, start: number): LogRecord | 'record' | null {
  // Three bracketed fields after the time: thread, level, logger; indexOf only, the line may be long.
  let at = start;
  const fields: string[] = [];
  for (let k = 0; k < 4; k++) {
    if (text.charCodeAt(at) !== 91) return null;
    const close = text.indexOf(']', at + 1);
    if (close < 0 || close - at > 64) return null;
    fields.push(text.slice(at + 1, close));
    at = close + 1;
  }
  const level = ENVOY_LEVELS[fields[2] as string];
  if (level === undefined) return null;
  if (level === 'info' || level === 'debug') return 'record';
  // The source place, `[file:line] `, when the format prints it (`%g:%#`).
  if (text.charCodeAt(at) === 32) at++;
  if (text.charCodeAt(at) === 91) {
    const close = text.indexOf('] ', at + 1);
    if (close > 0) at = close + 2;
  }
  return { level, msg: text.slice(at).trimEnd(), error: null, subsys: fields[3] || null, time: null };
}

/** One log record in any of the agent's formats; null when the line is none of them. */
export function readRecord(body: string): LogRecord | null {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const o = JSON.parse(trimmed) as Record<string, unknown>;
      const level = typeof o.level === 'string' ? normaliseLevel(o.level) : null;
      if (!level) return null;
      return { level, msg: String(o.msg ?? o.message ?? ''), error: o.error === undefined ? null : String(o.error), subsys: typeof o.subsys === 'string' ? o.subsys : typeof o.module === 'string' ? o.module : null, time: typeof o.time === 'string' ? o.time : null };
    } catch {
      return null;
    }
  }
  if (/^panic:|^fatal error:/.test(trimmed)) return { level: 'panic', msg: trimmed, error: null, subsys: null, time: null };
  const fields = logfmt(trimmed);
  const level = fields.level ? normaliseLevel(fields.level) : null;
  if (!level) return null;
  return { level, msg: fields.msg ?? '', error: fields.error ?? fields.err ?? null, subsys: fields.subsys ?? fields.module ?? null, time: fields.time ?? fields.ts ?? null };
}

/**
 * The level of a logfmt (`level=info`, `level=INFO`) or JSON (`"level":"info"`) line without parsing the line, or
 * null when it names none. The first `level` field is the record's own: the message comes after it.
 */
export function quickLevel(text: string): string | null {
  let at = text.indexOf('level=');
  if (at >= 0 && (at === 0 || text.charCodeAt(at - 1) === 32)) {
    at += 6;
    if (text.charCodeAt(at) === 34) at++;
    let end = at;
    while (end < text.length && isLetter(text.charCodeAt(end))) end++;
    return end > at ? normaliseLevel(text.slice(at, end)) : null;
  }
  at = text.indexOf('"level":');
  if (at >= 0) {
    const open = text.indexOf('"', at + 8);
    const close = open >= 0 ? text.indexOf('"', open + 1) : -1;
    return close > open + 1 ? normaliseLevel(text.slice(open + 1, close)) : null;
  }
  return null;
}

/** An ASCII letter, by char code: a regex test per character of every line cost more than the rest of the test. */
function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function normaliseLevel(level: string): string {
  const l = level.toLowerCase();
  return l === 'warn' ? 'warning' : l === 'err' ? 'error' : l;
}

/** `key=value key="quoted \"value\""` pairs. */
export function logfmt(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Keys start after whitespace: without that anchor a megabyte-long word is tried as a key from every offset.
  const re = /(?<=^|\s)([A-Za-z_][\w.-]*)=("(?:[^"\\]|\\.)*"|\S*)/g;
  for (const m of text.matchAll(re)) {
    const raw = m[2] as string;
    out[m[1] as string] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(["\\])/g, '$1') : raw;
  }
  return out;
}

/** The message with what varies between occurrences taken out, so repeats of one error count once. */
export function signatureOf(msg: string, error: string | null): string {
  // The signature keeps 300 characters; the patterns below must not run over a megabyte-long message.
  const text = (error ? `${msg}: ${error}` : msg).slice(0, 1000);
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    // IPv4 first: `10.96.0.1:443:` would otherwise read as the tail of an IPv6 address.
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:\/\d+)?\b/g, '<ip>')
    .replace(/\[?[0-9a-f]*:[0-9a-f:]+:[0-9a-f]*\]?(?::\d+)?(?:\/\d+)?/gi, (m) => (m.includes('::') || (m.match(/:/g) ?? []).length >= 2 ? '<ip>' : m))
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b0x[0-9a-f]+\b/gi, '<hex>')
    .replace(/\b[0-9a-f]{12,}\b/gi, '<hex>')
    .replace(/\b\d+(?:\.\d+)?(?:ms|µs|us|ns|s|m|h)\b/g, '<duration>')
    .replace(/\b\d+\b/g, '<n>')
    .slice(0, 300);
}
