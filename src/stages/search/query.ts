import { isIPv4, isIPv6 } from 'node:net';
import { UsageError } from '../../errors.js';

/**
 * What `cilium-report grep` looks for. An IP matches as a whole address (`10.0.3.1` is not found inside
 * `10.0.3.17`); a CIDR matches every address inside it, wherever an address is written (`ip=10.0.3.17`,
 * `10.0.3.17:4240`, `10.0.3.0/26`); anything else is a literal, case-sensitive text.
 */
export type Query =
  | { kind: 'text'; text: string; needle: Buffer }
  | { kind: 'ipv4'; text: string; needle: Buffer }
  | { kind: 'ipv4-cidr'; text: string; network: number; mask: number; anchor: Buffer | null }
  | { kind: 'ipv6'; text: string; value: bigint }
  | { kind: 'ipv6-cidr'; text: string; network: bigint; mask: bigint };

export function parseQuery(text: string, options: { literal?: boolean } = {}): Query {
  if (text === '') throw new UsageError('grep: the search text is empty', 'a text, an IP address or a CIDR');
  if (!options.literal) {
    const slash = text.indexOf('/');
    const addr = slash < 0 ? text : text.slice(0, slash);
    const bits = slash < 0 ? null : text.slice(slash + 1);
    if (isIPv4(addr)) {
      if (bits === null) return { kind: 'ipv4', text, needle: Buffer.from(addr, 'latin1') };
      const n = Number(bits);
      if (!/^\d{1,2}$/.test(bits) || n > 32) throw new UsageError(`grep: "${text}" is not a CIDR`, 'an IPv4 prefix length from 0 to 32, e.g. 10.0.3.0/24');
      const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
      const network = ((ipv4Value(addr) as number) & mask) >>> 0;
      // Addresses inside the range all start with its whole fixed octets: search for those bytes natively.
      const fixed = Math.floor(n / 8);
      const anchor = fixed === 0 ? null : Buffer.from(`${[24, 16, 8, 0].slice(0, fixed).map((s) => (network >>> s) & 255).join('.')}.`, 'latin1');
      return { kind: 'ipv4-cidr', text, network, mask, anchor };
    }
    if (isIPv6(addr)) {
      const value = ipv6Value(addr) as bigint;
      if (bits === null) return { kind: 'ipv6', text, value };
      const n = Number(bits);
      if (!/^\d{1,3}$/.test(bits) || n > 128) throw new UsageError(`grep: "${text}" is not a CIDR`, 'an IPv6 prefix length from 0 to 128, e.g. fd00::/104');
      const mask = n === 0 ? 0n : ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - n)) - 1n);
      return { kind: 'ipv6-cidr', text, network: value & mask, mask };
    }
  }
  return { kind: 'text', text, needle: Buffer.from(text, 'utf8') };
}

/** `10.0.3.17` → 0x0a000311; null when not a dotted quad of octets. */
export function ipv4Value(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    value = value * 256 + Number(p);
  }
  return value;
}

/** An IPv6 address (any spelling, an IPv4 tail included) as a 128-bit number; null when it is not one. */
export function ipv6Value(text: string): bigint | null {
  if (!isIPv6(text)) return null;
  let body = text;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (tail?.[1]) {
    const v4 = ipv4Value(tail[1]);
    if (v4 === null) return null;
    body = `${body.slice(0, -tail[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = body.split('::');
  const h = head ? head.split(':') : [];
  const t = rest ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) return null;
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(Number.parseInt(g || '0', 16));
  return value;
}
