import { excerptOf, type Sourced } from '../../model/common.js';
import { asArray, asObject, asString } from './json.js';
import type { ItemContext } from './yaml-list.js';

/** Reads a nested field of an untrusted object: `get(obj, 'spec', 'ipam', 'podCIDRs')`. */
export function get(obj: unknown, ...path: string[]): unknown {
  let node: unknown = obj;
  for (const key of path) node = asObject(node)?.[key];
  return node;
}

export function str(obj: unknown, ...path: string[]): string | null {
  const v = get(obj, ...path);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return asString(v);
}

export function strings(obj: unknown, ...path: string[]): string[] {
  return (asArray(get(obj, ...path)) ?? []).flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'number' ? [String(v)] : []));
}

export function int(obj: unknown, ...path: string[]): number | null {
  const v = get(obj, ...path);
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function labelsOf(obj: unknown, ...path: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(get(obj, ...path)) ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

/** Source of a record: the line of its `metadata.name`, which says which object it is; else the item's first line. */
export function itemSrc(ctx: ItemContext): Sourced {
  const line = ctx.lineOf(['metadata', 'name']);
  return line === null ? { src: { file: ctx.file, line: ctx.line }, excerpt: ctx.excerpt } : { src: { file: ctx.file, line }, excerpt: excerptOf(ctx.text(line)) };
}

/** Source of a nested field, falling back to the item's first line. */
export function fieldSrc(ctx: ItemContext, path: readonly string[]): Sourced {
  const line = ctx.lineOf(path);
  return line === null ? itemSrc(ctx) : { src: { file: ctx.file, line }, excerpt: excerptOf(ctx.text(line)) };
}

/** The name of an item, or a diagnostic when it has none. */
export function nameOf(obj: unknown, ctx: ItemContext, what: string): string | null {
  const name = str(obj, 'metadata', 'name');
  if (!name) ctx.diagnostics.push({ file: ctx.file, line: ctx.line, level: 'warning', message: `Missing metadata.name of a ${what}: skipped` });
  return name;
}

export const TS = String.raw`\d{8}-\d{6}`;

/** Source of a list field's first value (`- 10.0.1.0/24` under `podCIDRs:`), which says more than the key line. */
export function listValueSrc(ctx: ItemContext, path: readonly string[]): Sourced {
  const key = ctx.lineOf(path);
  if (key === null) return itemSrc(ctx);
  const next = ctx.text(key + 1);
  const line = /^\s*- /.test(next) ? key + 1 : key;
  return { src: { file: ctx.file, line }, excerpt: excerptOf(ctx.text(line)) };
}
