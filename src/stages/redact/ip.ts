import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Prefix-preserving address pseudonyms (the Crypto-PAn construction): bit i of the output is bit i of the input
 * flipped by a keyed function of the bits before it. Two addresses that share their first k bits map to two that
 * share exactly their first k bits, so a pod IP stays inside its node's rewritten CIDR and two nodes in one /24
 * stay in one /24: every CIDR finding reads as true after redaction as before.
 */
export class AddressMapper {
  private readonly flips = new Map<string, number>();
  readonly mapped = new Map<string, string>();

  constructor(private readonly key: Buffer) {}

  /** An address (`10.0.1.5`, `fd00::1`) or a CIDR (`10.0.1.0/24`); anything else comes back unchanged. */
  map(text: string): string {
    const slash = text.indexOf('/');
    const addr = slash < 0 ? text : text.slice(0, slash);
    const prefix = slash < 0 ? null : Number(text.slice(slash + 1));
    let out: string;
    if (isIPv4(addr)) out = this.mapBits(addr, 32, prefix);
    else if (isIPv6(addr)) out = this.mapBits(addr, 128, prefix);
    else return text;
    if (prefix !== null) out = `${out}/${prefix}`;
    if (!this.mapped.has(text)) this.mapped.set(text, out);
    return out;
  }

  private mapBits(addr: string, width: 32 | 128, prefix: number | null): string {
    const bits = width === 32 ? v4Bits(addr) : v6Bits(addr);
    // Loopback, unspecified and link-local addresses say nothing about the cluster and help the reader.
    if (keep(bits, width)) return addr;
    const out: number[] = [];
    let path = '';
    for (let i = 0; i < width; i++) {
      out.push((bits[i] as number) ^ this.flip(width, path));
      path += String(bits[i]);
    }
    // A network address keeps its host bits zero, so `10.0.1.0/24` still reads as a network.
    if (prefix !== null && prefix >= 0 && prefix <= width) for (let i = prefix; i < width; i++) out[i] = 0;
    return width === 32 ? v4Text(out) : v6Text(out);
  }

  private flip(width: number, path: string): number {
    const id = `${width}:${path}`;
    let bit = this.flips.get(id);
    if (bit === undefined) {
      bit = createHmac('sha256', this.key).update(id).digest()[0]! & 1;
      this.flips.set(id, bit);
    }
    return bit;
  }
}

function keep(bits: number[], width: number): boolean {
  const starts = (prefix: string) => prefix.split('').every((b, i) => Number(b) === bits[i]);
  if (bits.every((b) => b === 0)) return true;
  if (width === 32) return starts('01111111') || starts('1010100111111110') || bits.every((b) => b === 1);
  return starts('1111111010') || bits.slice(0, 127).every((b) => b === 0);
}

function v4Bits(addr: string): number[] {
  return addr.split('.').flatMap((part) => byteBits(Number(part), 8));
}

function v6Bits(addr: string): number[] {
  let text = addr;
  // An embedded IPv4 tail (`::ffff:10.0.0.1`) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = (v4[1] as string).split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, null];
  const h = head === '' ? [] : head.split(':');
  const t = tail === null || tail === '' ? [] : tail.split(':');
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => byteBits(Number.parseInt(g, 16), 16));
}

function byteBits(value: number, width: number): number[] {
  const out: number[] = [];
  for (let i = width - 1; i >= 0; i--) out.push((value >> i) & 1);
  return out;
}

function fromBits(bits: number[]): number {
  return bits.reduce((v, b) => v * 2 + b, 0);
}

function v4Text(bits: number[]): string {
  return [0, 8, 16, 24].map((i) => fromBits(bits.slice(i, i + 8))).join('.');
}

function v6Text(bits: number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => fromBits(bits.slice(i * 16, i * 16 + 16)).toString(16));
  // The longest run of zero groups becomes `::`, as addresses are usually written.
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
    i = j;
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}
