/**
 * A fast reader for the YAML that `kubectl get -o yaml` prints (go-yaml's block style: mappings, `- ` sequences,
 * plain and quoted one-line scalars, `|` literals, `[]` and `{}`). A 2,000-node bundle holds 200,000
 * CiliumEndpoints, and the general YAML parser spends about a quarter of a millisecond on each.
 *
 * Anything outside that subset (anchors, aliases, tags, flow collections with content, folded or multi-line
 * scalars, comments, tabs) returns `undefined`, and the caller falls back to the general parser: this reader
 * only has to be right on what it accepts, and it must agree with the `yaml` package's core schema there.
 */

/** Thrown inside the reader when the text leaves the subset; never escapes {@link readKubectlYaml}. */
class Unsupported extends Error {}

interface Line {
  indent: number;
  /** The line without its indentation. */
  text: string;
}

export function readKubectlYaml(text: string): unknown {
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const body = line.trimStart();
    if (body === '') {
      lines.push({ indent: -1, text: '' });
      continue;
    }
    const indent = line.length - body.length;
    if (line.slice(0, indent).includes('\t') || body.startsWith('#') || body.startsWith('---') || body.startsWith('...')) return undefined;
    lines.push({ indent, text: body });
  }
  try {
    const reader = new Reader(lines);
    const first = reader.next();
    if (first === null) return undefined;
    const value = reader.block(first.indent);
    if (reader.next() !== null) return undefined;
    return value;
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

class Reader {
  private i = 0;

  constructor(private readonly lines: Line[]) {}

  /** The next non-empty line, without consuming it. */
  next(): Line | null {
    while (this.i < this.lines.length && (this.lines[this.i] as Line).indent < 0) this.i++;
    return this.lines[this.i] ?? null;
  }

  /** A mapping or sequence whose lines start at `indent`. */
  block(indent: number): unknown {
    const line = this.next();
    if (line === null || line.indent !== indent) throw new Unsupported();
    return line.text.startsWith('- ') || line.text === '-' ? this.sequence(indent) : this.mapping(indent, null);
  }

  /** Mapping lines at `indent`; `first` is a `key: value` already cut from a `- ` line. */
  private mapping(indent: number, first: string | null): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let entry = first;
    for (;;) {
      if (entry === null) {
        const line = this.next();
        if (line === null || line.indent < indent) return out;
        if (line.indent > indent || line.text.startsWith('- ') || line.text === '-') throw new Unsupported();
        entry = line.text;
        this.i++;
      }
      const [key, rest] = splitKey(entry);
      if (key === '<<') throw new Unsupported();
      out[key] = rest === '' ? this.nested(indent) : this.inline(rest, indent);
      entry = null;
    }
  }

  private sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const line = this.next();
      if (line === null || line.indent < indent) return out;
      if (line.indent > indent || !(line.text.startsWith('- ') || line.text === '-')) {
        if (line.indent === indent) return out;
        throw new Unsupported();
      }
      this.i++;
      const item = line.text === '-' ? '' : line.text.slice(2);
      const itemIndent = indent + 2;
      if (item === '') out.push(this.nested(indent));
      else if (item.startsWith('- ')) throw new Unsupported();
      else if (isMappingEntry(item)) out.push(this.mapping(itemIndent, item));
      else out.push(this.inline(item, itemIndent));
    }
  }

  /** The value of a `key:` with nothing after it: a deeper block, a sequence at the same indent, or null. */
  private nested(indent: number): unknown {
    const line = this.next();
    if (line === null || line.indent < indent) return null;
    if (line.indent === indent) return line.text.startsWith('- ') || line.text === '-' ? this.sequence(indent) : null;
    return this.block(line.indent);
  }

  /** A value on the key's line; `indent` is the key's, for `|` literals. */
  private inline(value: string, indent: number): unknown {
    if (value === '|' || value === '|-') return this.literal(indent, value === '|-');
    const scalar = readScalar(value.trimEnd());
    // A plain scalar that goes on over the next lines is folded; the general parser handles it.
    const line = this.next();
    if (line !== null && line.indent > indent) throw new Unsupported();
    return scalar;
  }

  private literal(indent: number, strip: boolean): string {
    const body: string[] = [];
    let blockIndent = -1;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i] as Line;
      if (line.indent >= 0 && line.indent <= indent) break;
      if (line.indent >= 0 && blockIndent < 0) blockIndent = line.indent;
      if (line.indent >= 0 && line.indent < blockIndent) throw new Unsupported();
      body.push(line.indent < 0 ? '' : `${' '.repeat(line.indent - blockIndent)}${line.text}`);
      this.i++;
    }
    // Empty lines inside the block keep their place, only the trailing ones go ("clip" keeps one newline).
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    if (body.length === 0) return '';
    return strip ? body.join('\n') : `${body.join('\n')}\n`;
  }
}

function isMappingEntry(text: string): boolean {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = quotedEnd(text);
    return end > 0 && (text.slice(end, end + 2) === ': ' || text.length === end + 1 || text[end] === ':');
  }
  return /^[^\s[\]{},#&*!|>'"%@`][^:]*:( |$)/.test(text) || /^[^\s[\]{},#&*!|>'"%@`].*?: /.test(text);
}

/** `key: rest` or `key:` split at the first `: ` of a plain key, or after a quoted key. */
function splitKey(text: string): [string, string] {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = quotedEnd(text);
    if (end < 0 || text[end] !== ':') throw new Unsupported();
    const key = readScalar(text.slice(0, end));
    if (typeof key !== 'string') throw new Unsupported();
    return [key, text.slice(end + 1).trimStart()];
  }
  const colon = text.indexOf(': ');
  if (colon > 0) return [checkPlainKey(text.slice(0, colon)), text.slice(colon + 2).trimStart()];
  if (text.endsWith(':')) return [checkPlainKey(text.slice(0, -1)), ''];
  throw new Unsupported();
}

function checkPlainKey(key: string): string {
  if (key.startsWith('? ') || /^[[{&*!|>%@`]/.test(key) || key.includes(' #')) throw new Unsupported();
  // A plain key that reads as a number or boolean would not be a string in the general parser.
  const resolved = readScalar(key);
  if (typeof resolved !== 'string') throw new Unsupported();
  return key;
}

/** Offset just past the closing quote of a quoted scalar at the start of `text`; -1 when it does not close. */
function quotedEnd(text: string): number {
  const q = text[0];
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (q === '"' && c === '\\') i++;
    else if (c === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** One scalar on one line, resolved as the YAML 1.2 core schema does. */
function readScalar(text: string): unknown {
  if (text.startsWith("'")) {
    const end = quotedEnd(text);
    if (end !== text.length) throw new Unsupported();
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('"')) {
    const end = quotedEnd(text);
    if (end !== text.length) throw new Unsupported();
    // JSON's escapes are a subset of YAML's; a YAML-only escape (\x, \e, \U…) fails here and falls back.
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new Unsupported();
    }
  }
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (/^[[{&*!|>%@`]/.test(text) || text.includes(' #') || text.includes(': ') || text.endsWith(':')) throw new Unsupported();
  switch (text) {
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  if (INT.test(text)) {
    const n = Number(text);
    // Beyond 2^53 the general parser keeps more digits than a number can; let it decide.
    if (!Number.isSafeInteger(n)) throw new Unsupported();
    return n;
  }
  if (FLOAT.test(text) || /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$|^0o[0-7]+$|^0x[0-9a-fA-F]+$/.test(text)) throw new Unsupported();
  return text;
}
