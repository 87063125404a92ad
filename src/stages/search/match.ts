import { ipv6Value, type Query } from './query.js';

const DOT = 0x2e;
const COLON = 0x3a;
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
const isHex = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46));

/** An address starts here: not in the middle of a longer number or dotted quad (`110.0.0.1`, `1.10.0.0.1`). */
function v4Starts(buf: Buffer, at: number, from: number): boolean {
  if (at <= from) return true;
  const prev = buf[at - 1];
  if (isDigit(prev)) return false;
  return !(prev === DOT && at - 2 >= from && isDigit(buf[at - 2]));
}

/** An address ends here: not followed by more digits or by `.digit` (`10.0.0.12`, `10.0.0.1.5`). */
function v4Ends(buf: Buffer, at: number, to: number): boolean {
  if (at >= to) return true;
  const next = buf[at];
  if (isDigit(next)) return false;
  return !(next === DOT && at + 1 < to && isDigit(buf[at + 1]));
}

/** A dotted quad at `at`: its value and end, or null. */
function v4At(buf: Buffer, at: number, to: number): { value: number; end: number } | null {
  let value = 0;
  let i = at;
  for (let part = 0; part < 4; part++) {
    if (part > 0) {
      if (buf[i] !== DOT) return null;
      i++;
    }
    let octet = 0;
    const start = i;
    while (i < to && i - start < 3 && isDigit(buf[i])) octet = octet * 10 + ((buf[i++] as number) - 0x30);
    if (i === start || octet > 255) return null;
    value = value * 256 + octet;
  }
  return v4Ends(buf, i, to) ? { value, end: i } : null;
}

/**
 * Calls `hit(start, end)` for every match of `query` in `buf[from, to)`, in order. Linear in the length: literal
 * texts and addresses are found with Buffer.indexOf (native), CIDRs from the bytes their addresses must start with
 * or, when the prefix is shorter than one octet, from every `.`; IPv6 from every `:`, each looked at once.
 */
export function matchesIn(buf: Buffer, from: number, to: number, query: Query, hit: (start: number, end: number) => void): void {
  switch (query.kind) {
    case 'text': {
      const n = query.needle;
      for (let at = buf.indexOf(n, from); at >= 0 && at + n.length <= to; at = buf.indexOf(n, at + Math.max(1, n.length))) hit(at, at + n.length);
      return;
    }
    case 'ipv4': {
      const n = query.needle;
      for (let at = buf.indexOf(n, from); at >= 0 && at + n.length <= to; at = buf.indexOf(n, at + 1)) {
        if (v4Starts(buf, at, from) && v4Ends(buf, at + n.length, to)) hit(at, at + n.length);
      }
      return;
    }
    case 'ipv4-cidr': {
      const inside = (v: number) => ((v & query.mask) >>> 0) === query.network;
      if (query.anchor) {
        for (let at = buf.indexOf(query.anchor, from); at >= 0 && at < to; ) {
          const found = v4Starts(buf, at, from) ? v4At(buf, at, to) : null;
          if (found && inside(found.value)) {
            hit(at, found.end);
            at = buf.indexOf(query.anchor, found.end);
          } else {
            at = buf.indexOf(query.anchor, at + 1);
          }
        }
        return;
      }
      for (let pos = from; pos < to; ) {
        const dot = buf.indexOf(DOT, pos);
        if (dot < 0 || dot >= to) return;
        let start = dot;
        while (start > from && dot - start < 3 && isDigit(buf[start - 1])) start--;
        const found = start < dot && v4Starts(buf, start, from) ? v4At(buf, start, to) : null;
        if (found) {
          if (inside(found.value)) hit(start, found.end);
          pos = found.end;
        } else {
          pos = dot + 1;
        }
      }
      return;
    }
    case 'ipv6':
    case 'ipv6-cidr': {
      const wanted = (v: bigint) => (query.kind === 'ipv6' ? v === query.value : (v & query.mask) === query.network);
      for (let pos = from; pos < to; ) {
        const colon = buf.indexOf(COLON, pos);
        if (colon < 0 || colon >= to) return;
        let start = colon;
        while (start > from && colon - start < 40 && (isHex(buf[start - 1]) || buf[start - 1] === COLON)) start--;
        let end = colon + 1;
        while (end < to && end - start < 46 && (isHex(buf[end]) || buf[end] === COLON || buf[end] === DOT)) end++;
        while (end > colon + 1 && buf[end - 1] === DOT) end--;
        const value = ipv6Value(buf.toString('latin1', start, end));
        if (value !== null && wanted(value)) hit(start, end);
        pos = end;
      }
      return;
    }
  }
}
