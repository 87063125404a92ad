// `cilium debuginfo --output=json` as bugtool writes it in every version: `cmd/cilium-debuginfo-<time>.json`,
// `json.MarshalIndent` of models.DebugInfo (cilium/cmd/debuginfo.go, cilium-dbg/cmd/debuginfo.go from 1.15):
// `cilium-version`, `cilium-status` (StatusResponse), `endpoint-list`, `service-list`, `policy`, … The key set is
// the same at 1.10.0 and at the 1.18 branch point (sysdump-format.md §3).
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { DebugInfo } from '../model/debuginfo.js';
import { statusFromJson } from './cilium-status.js';
import { readVersion } from './cilium-version.js';
import { defineParser } from './define.js';
import { endpointsFromJson } from './util/endpoint-json.js';
import { asObject, asString, type LocatedJson, parseJsonWithLines, valueRange, withoutRanges } from './util/json.js';
import { nodeEntriesFromJson } from './util/node-json.js';
import { servicesFromJson } from './util/service-json.js';

export const ciliumDebuginfo = defineParser<DebugInfo>({
  id: 'cilium-debuginfo',
  scope: 'agent',
  format: 'json',
  preference: 20,
  files: [/^cmd\/cilium(-dbg)?-debuginfo-.*\.json$/],
  parse(text, file, options) {
    const { json, left } = parseLeaving(text, file, options?.superseded);
    // Line locations are found on the first question, and may add a diagnostic then: json's come last.
    const diagnostics: Diagnostic[] = [];
    const root = asObject(json.value);
    if (!root) {
      if (json.value !== undefined) diagnostics.push({ file, line: null, level: 'error', message: 'Invalid debuginfo: expected a JSON object' });
      return { data: null, diagnostics: [...diagnostics, ...json.diagnostics] };
    }
    const info: DebugInfo = { version: null, status: null, endpoints: null, services: null, nodeList: null, kernelVersion: null };
    const kernel = asString(root['kernel-version'])?.trim();
    if (kernel) {
      const at = locateKey(json.lines.text, 'kernel-version');
      info.kernelVersion = { release: kernel, src: { file, line: at?.line ?? null }, excerpt: excerptOf(at ? at.text.trim() : kernel) };
    }
    const versionText = asString(root['cilium-version']);
    if (versionText) {
      const at = locateKey(json.lines.text, 'cilium-version');
      const line = at?.line ?? json.lineOf(root);
      const version = readVersion([versionText], file);
      if (version) info.version = { ...version, src: { file, line }, excerpt: at ? at.text.trim() : line ? json.lineText(line).trim() : versionText };
    }
    if (root['cilium-status'] !== undefined) {
      const status = statusFromJson(root['cilium-status'], json, file);
      info.status = status.data;
      for (const item of status.diagnostics) diagnostics.push(item);
      const cluster = asObject(asObject(root['cilium-status'])?.cluster);
      if (cluster && cluster.nodes !== undefined && !left.includes('nodeList')) {
        const nodes = nodeEntriesFromJson(cluster.nodes, json, file);
        for (const item of nodes.diagnostics) diagnostics.push(item);
        info.nodeList = { file, format: 'json', self: asString(cluster.self), entries: nodes.entries };
      }
    }
    if (root['endpoint-list'] !== undefined && !left.includes('endpoints')) {
      const endpoints = endpointsFromJson(root['endpoint-list'], json, file);
      for (const item of endpoints.diagnostics) diagnostics.push(item);
      info.endpoints = { file, format: 'json', items: endpoints.items };
    }
    if (root['service-list'] !== undefined && !left.includes('services')) {
      const services = servicesFromJson(root['service-list'], json, file);
      for (const item of services.diagnostics) diagnostics.push(item);
      info.services = { file, format: 'json', services: services.services };
    }
    return { data: info, diagnostics: [...diagnostics, ...json.diagnostics], ...(left.length > 0 ? { left } : {}) };
  },
});

/** Where each part the caller may have from a better file sits in the JSON. */
const PARTS: Record<string, readonly string[]> = {
  services: ['service-list'],
  endpoints: ['endpoint-list'],
  nodeList: ['cilium-status', 'cluster', 'nodes'],
};

/**
 * Parses the debuginfo without the parts another file gives better (most of its bytes on a large cluster are the
 * service list); the whole text when a part is not where MarshalIndent puts it, or when the rest does not parse.
 */
function parseLeaving(text: string, file: string, superseded: ReadonlySet<string> | undefined): { json: LocatedJson; left: string[] } {
  const left: string[] = [];
  const ranges: { start: number; end: number }[] = [];
  for (const part of superseded ?? []) {
    const path = PARTS[part];
    const range = path ? valueRange(text, path) : null;
    if (range === null) continue;
    ranges.push(range);
    left.push(part);
  }
  if (left.length > 0) {
    const json = parseJsonWithLines(withoutRanges(text, ranges), file);
    if (json.value !== undefined) return { json, left };
  }
  return { json: parseJsonWithLines(text, file), left: [] };
}

/** Line and text of a top-level string key, for values that are not objects (their line is not recorded). */
function locateKey(text: string, key: string): { line: number; text: string } | null {
  const at = text.indexOf(`"${key}"`);
  if (at < 0) return null;
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) n++;
  const from = text.lastIndexOf('\n', at) + 1;
  const nl = text.indexOf('\n', at);
  return { line: n, text: text.slice(from, nl < 0 ? text.length : nl).replace(/\r$/, '') };
}
