// Tables a user may add to a bundle: `kubectl get nodes -o wide` (NAME STATUS ROLES AGE VERSION INTERNAL-IP
// EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME) and `kubectl get ciliumnodes` (the CRD's printer columns:
// NAME CILIUMINTERNALIP INTERNALIP AGE; pkg/k8s/apis/cilium.io/v2/types.go). They stand in for the YAML lists
// when those are missing; they carry no pod CIDRs.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { CiliumNode, K8sNode } from '../model/k8s.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

function columns(header: string): { name: string; at: number }[] {
  return [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index ?? 0 }));
}

/** Cells of a row: kubectl prints `<none>` for an empty cell, so words map to columns, except OS-IMAGE, which may hold spaces. */
function cells(row: string, cols: readonly { name: string; at: number }[]): Record<string, string> {
  const out: Record<string, string> = {};
  const words = row.trim().split(/\s+/);
  const names = cols.map((c) => c.name);
  const tail = names.length - names.indexOf('OS-IMAGE');
  if (names.includes('OS-IMAGE') && words.length > names.length) {
    names.forEach((n, i) => {
      if (i < names.indexOf('OS-IMAGE')) out[n] = words[i] ?? '';
    });
    out['OS-IMAGE'] = words.slice(names.indexOf('OS-IMAGE'), words.length - (tail - 1)).join(' ');
    names.slice(names.indexOf('OS-IMAGE') + 1).forEach((n, i) => (out[n] = words[words.length - (tail - 1) + i] ?? ''));
    return out;
  }
  names.forEach((n, i) => (out[n] = words[i] ?? ''));
  return out;
}

export const kubectlNodesWide = defineParser<K8sNode[]>({
  id: 'kubectl-get-nodes',
  scope: 'root',
  format: 'text',
  preference: 5,
  files: [/^(kubectl-)?get-(no|nodes)(-o-wide|--o-wide|-wide)?\.(txt|md)$/, /^k8s-nodes-wide.*\.txt$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const { raw, text: lines } = outputLines(text);
    const account = new LineAccount(raw);
    const h = lines.findIndex((l) => /^NAME\s+STATUS\s+ROLES/.test(l));
    if (h < 0) return account.none([{ file, line: null, level: 'error', message: 'Missing `NAME  STATUS  ROLES` header of `kubectl get nodes -o wide`' }]);
    account.take(h + 1);
    linesBefore(lines, h, file, diagnostics);
    const cols = columns(lines[h] as string);
    const nodes: K8sNode[] = [];
    lines.slice(h + 1).forEach((line, i) => {
      const row = raw[h + i + 1] as string;
      if (isNoise(line)) return;
      const c = cells(line, cols);
      if (!c.NAME || !c.STATUS) {
        diagnostics.push({ file, line: h + i + 2, level: 'warning', message: `Invalid node row "${excerptOf(row, 0, 80)}"` });
        return;
      }
      account.take(h + i + 2);
      const ip = c['INTERNAL-IP'] && c['INTERNAL-IP'] !== '<none>' ? c['INTERNAL-IP'] : null;
      nodes.push({
        src: { file, line: h + i + 2 },
        excerpt: excerptOf(row),
        name: c.NAME,
        internalIP: ip,
        internalIPs: ip ? [ip] : [],
        ready: /^Ready\b/.test(c.STATUS) ? true : /NotReady/.test(c.STATUS) ? false : null,
        podCIDRs: [],
        labels: {},
        zone: null,
        kubeletVersion: c.VERSION ?? null,
        podCIDRsSrc: null,
      });
    });
    return account.result(nodes, diagnostics);
  },
});

export const kubectlCiliumNodes = defineParser<CiliumNode[]>({
  id: 'kubectl-get-cn',
  scope: 'root',
  format: 'text',
  preference: 5,
  files: [/^(kubectl-)?get-(cn|ciliumnodes?)(-o-wide)?\.(txt|md)$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const { raw, text: lines } = outputLines(text);
    const account = new LineAccount(raw);
    const h = lines.findIndex((l) => /^NAME\s+CILIUMINTERNALIP\s+INTERNALIP/.test(l));
    if (h < 0) return account.none([{ file, line: null, level: 'error', message: 'Missing `NAME  CILIUMINTERNALIP  INTERNALIP` header of `kubectl get ciliumnodes`' }]);
    account.take(h + 1);
    linesBefore(lines, h, file, diagnostics);
    const out: CiliumNode[] = [];
    lines.slice(h + 1).forEach((line, i) => {
      const row = raw[h + i + 1] as string;
      if (isNoise(line)) return;
      const [name, ciliumIp, ip] = line.trim().split(/\s+/);
      if (!name || !ip) {
        diagnostics.push({ file, line: h + i + 2, level: 'warning', message: `Invalid CiliumNode row "${excerptOf(row, 0, 80)}"` });
        return;
      }
      account.take(h + i + 2);
      out.push({
        src: { file, line: h + i + 2 },
        excerpt: excerptOf(row),
        name,
        internalIPs: ip ? [ip] : [],
        ciliumInternalIPs: ciliumIp ? [ciliumIp] : [],
        podCIDRs: [],
        podCIDRsSrc: null,
        healthIPv4: null,
        healthIPv6: null,
        poolIPs: [],
        usedIPs: null,
      });
    });
    return account.result(out, diagnostics);
  },
});

/** Lines before a table's header: a prompt or a note pasted with it, named so they are not dropped unseen. */
function linesBefore(lines: readonly string[], header: number, file: string, diagnostics: Diagnostic[]): void {
  lines.slice(0, header).forEach((l, i) => {
    if (!isNoise(l)) diagnostics.push({ file, line: i + 1, level: 'warning', message: `Line before the table header not read: "${excerptOf(l.trim(), 0, 80)}"` });
  });
}
