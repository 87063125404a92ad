import type { DebugInfo } from '../../model/debuginfo.js';
import type { CniConf, Host, Links } from '../../model/host.js';
import type { MetricsList } from '../../parsers/cilium-metrics-list.js';
import type { ParserId, ParserOutputs } from './outputs.js';
import { bestFirst, type Parsed } from './read.js';

const BPF_LISTS = new Set(['cilium-bpf-ct-list', 'cilium-bpf-nat-list', 'cilium-bpf-lb-list', 'cilium-bpf-ipcache-list', 'cilium-bpf-tunnel-list']);

function all<K extends ParserId>(files: readonly Parsed[], id: K): { file: string; data: ParserOutputs[K] }[] {
  return files
    .filter((p) => p.parser.id === id && p.result.data !== null)
    .sort(bestFirst)
    .map((p) => ({ file: p.file, data: p.result.data as ParserOutputs[K] }));
}

function first<K extends ParserId>(files: readonly Parsed[], id: K): ParserOutputs[K] | null {
  return all(files, id)[0]?.data ?? null;
}

/** The host facts of one agent, from its bugtool folder's files and its CNI configuration files at the root. */
export function assembleHost(files: readonly Parsed[], debuginfo: DebugInfo | null, cni: readonly CniConf[]): Host {
  const metrics = first(files, 'cilium-metrics-list') as MetricsList | null;
  return {
    uname: first(files, 'uname'),
    kernelVersion: debuginfo?.kernelVersion ?? null,
    // `/proc/config.gz`, `/proc/config` and `/boot/config-<release>` describe the running kernel alike; one is enough.
    kernelConfig: first(files, 'kernel-config'),
    modules: first(files, 'lsmod'),
    sysctls: first(files, 'sysctl'),
    rules: first(files, 'ip-rule'),
    links: mergeLinks(first(files, 'ip-link'), first(files, 'ip-addr')),
    routes: all(files, 'ip-route').map((x) => x.data).sort((a, b) => a.family.localeCompare(b.family) || Number(b.table === 'main') - Number(a.table === 'main') || a.file.localeCompare(b.file)),
    iptables: all(files, 'iptables-save').map((x) => x.data).sort((a, b) => a.file.localeCompare(b.file)),
    config: first(files, 'cilium-config'),
    maps: files
      .filter((p) => BPF_LISTS.has(p.parser.id) && p.result.data !== null)
      .map((p) => p.result.data as ParserOutputs['cilium-bpf-ct-list'])
      .sort((a, b) => a.map.localeCompare(b.map) || a.file.localeCompare(b.file)),
    mapPressure: metrics ? metrics.mapPressure : null,
    xfrm: all(files, 'xfrm-stat').map((x) => x.data).sort((a, b) => a.sample.localeCompare(b.sample)),
    encrypt: first(files, 'cilium-encrypt-status'),
    cni: [...cni].sort((a, b) => (a.fileName ?? '').localeCompare(b.fileName ?? '')),
    kvstoreTroubleshoot: first(files, 'cilium-troubleshoot-kvstore'),
  };
}

/** `ip -d -s l` has kinds and counters, `ip a` the addresses: the devices of the first with the addresses of the second. */
function mergeLinks(link: Links | null, addr: Links | null): Links | null {
  if (!link) return addr;
  if (!addr) return link;
  const addresses = new Map(addr.devices.map((d) => [d.name, d.addresses]));
  return { ...link, devices: link.devices.map((d) => (d.addresses.length === 0 && addresses.has(d.name) ? { ...d, addresses: addresses.get(d.name) ?? [] } : d)) };
}

/**
 * `cniconf-<file>-<pod>-<ts>.txt` (sysdump-format.md §4): the pod name sits between the CNI file name and the
 * timestamp, and both may contain `-`, so it is matched against the known pod names, longest first.
 */
export function groupCniConfs(files: readonly Parsed[], podsLongestFirst: readonly string[]): { byPod: Map<string, CniConf[]>; unmatched: string[] } {
  const byPod = new Map<string, CniConf[]>();
  const unmatched: string[] = [];
  for (const p of files) {
    if (p.parser.id !== 'cni-conf' || p.place.scope !== 'root' || p.result.data === null) continue;
    const stem = p.place.name.replace(/-\d{8}-\d{6}\.txt$/, '');
    const pod = podsLongestFirst.find((candidate) => stem.endsWith(`-${candidate}`) && stem.length > `cniconf-`.length + candidate.length + 1);
    if (!pod) {
      unmatched.push(p.file);
      continue;
    }
    const conf = { ...(p.result.data as CniConf), pod, fileName: stem.slice('cniconf-'.length, stem.length - pod.length - 1) };
    const list = byPod.get(pod) ?? [];
    list.push(conf);
    byPod.set(pod, list);
  }
  return { byPod, unmatched };
}
