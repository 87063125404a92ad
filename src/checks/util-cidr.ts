import { isIPv4, isIPv6 } from 'node:net';

/** An address range as two bigints, so IPv4 and IPv6 compare the same way. */
export interface Range {
  readonly cidr: string;
  readonly v6: boolean;
  readonly start: bigint;
  readonly end: bigint;
}

/** Ranges parsed so far: each node's pod CIDRs are read once per agent that lists the node, and per check. */
const parsed = new Map<string, Range | null>();
const MAX_PARSED = 100_000;

/** Parses `10.20.7.0/24` or `fd00::/104`; null for anything else. */
export function parseCidr(cidr: string): Range | null {
  let range = parsed.get(cidr);
  if (range !== undefined) return range;
  range = readCidr(cidr);
  if (parsed.size >= MAX_PARSED) parsed.clear();
  parsed.set(cidr, range);
  return range;
}

function readCidr(cidr: string): Range | null {
  const slash = cidr.indexOf('/');
  if (slash < 0) return null;
  const ip = cidr.slice(0, slash);
  const bits = Number(cidr.slice(slash + 1));
  const v6 = isIPv6(ip);
  if (!v6 && !isIPv4(ip)) return null;
  const width = v6 ? 128 : 32;
  if (!Number.isInteger(bits) || bits < 0 || bits > width) return null;
  const value = ipToBigInt(ip);
  if (value === null) return null;
  const host = (1n << BigInt(width - bits)) - 1n;
  const start = value & ~host & ((1n << BigInt(width)) - 1n);
  return { cidr, v6, start, end: start | host };
}

export function ipToBigInt(ip: string): bigint | null {
  if (isIPv4(ip)) return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  if (!isIPv6(ip)) return null;
  let text = ip;
  const v4tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4tail?.[1]) {
    const n = ipToBigInt(v4tail[1]) as bigint;
    text = `${text.slice(0, -v4tail[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g || '0', 16)), 0n);
}

export function contains(range: Range, ip: string): boolean {
  const v = ipToBigInt(ip);
  return v !== null && isIPv6(ip) === range.v6 && v >= range.start && v <= range.end;
}

export function overlaps(a: Range, b: Range): boolean {
  return a.v6 === b.v6 && a.start <= b.end && b.start <= a.end;
}

/** The same set of CIDRs, whatever the order or spelling (`10.0.0.0/24` vs `10.0.0.5/24` normalised to the network). */
export function cidrSetKey(cidrs: readonly string[]): string {
  return cidrs
    .map((c) => {
      const r = parseCidr(c);
      return r ? `${r.v6 ? 6 : 4}:${r.start}-${r.end}` : c;
    })
    .sort()
    .join(',');
}
