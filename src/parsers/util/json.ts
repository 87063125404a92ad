import type { Diagnostic } from '../../model/common.js';
import { LineIndex } from './text.js';

export interface LocatedJson {
  /** The first top-level JSON value of the text; undefined when there is none or it is invalid. */
  value: unknown;
  /** 1-based line where an object or array of `value` opens; null for values not from this parse. */
  lineOf(node: unknown): number | null;
  /**
   * Line of a key inside an object (`"name": "…"`), which reads better as evidence than the object's `{` line;
   * falls back to the object's line.
   */
  lineOfKey(node: unknown, key: string): number | null;
  /**
   * Text of a 1-based line, without its terminator: found from where it starts for a line that lineOf or lineOfKey
   * gave (records quote the line they cite), without indexing every line of the text.
   */
  lineText(n: number): string;
  lines: LineIndex;
  diagnostics: Diagnostic[];
}

/**
 * Parses the first top-level JSON value of a bugtool output and remembers the line where each object and array
 * opens, so records built from JSON can cite their line. Text before the value (stderr merged into the output)
 * and after it (a trailing `> Error while running …`) is ignored, as sysdump-format.md §3 advises.
 *
 * Lines are matched to values by order: JSON.parse creates objects and arrays in the order their brackets open,
 * which is the pre-order of the parsed tree. Integer-like keys and duplicate keys break that order; then lines
 * are dropped (null) rather than guessed.
 */
export function parseJsonWithLines(text: string, file: string): LocatedJson {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const start = text.search(/[[{]/);
  // Where each object and array opens and closes, found on the first question: most outputs are read without one
  // (an ip list gives counts), and the scan plus a map entry per node cost several times the parse itself.
  let located: Map<object, number> | null = null;
  let openLines: Uint32Array = new Uint32Array(0);
  let openings: number[] = [];
  let closings: number[] = [];
  const locate = (): Map<object, number> => {
    if (located) return located;
    located = new Map();
    if (start < 0 || value === undefined) return located;
    const nodes: object[] = [];
    collect(value, nodes);
    // json.MarshalIndent's layout (every output of the cilium CLI) is read line by line; anything else char by char.
    const indented = scanIndented(text, start, nodes.length);
    if (indented) {
      openings = indented.openings;
      closings = indented.closings;
      openLines = indented.lines;
    } else {
      scanValue(text, start, openings, closings);
      if (nodes.length === openings.length) {
        // Openings are in text order, so their lines are found in one walk rather than a search each.
        openLines = new Uint32Array(nodes.length);
        let line = 1;
        for (let i = 0; i < nodes.length; i++) {
          line = lines.lineOfFrom(openings[i] as number, line);
          openLines[i] = line;
        }
      }
    }
    if (nodes.length === openings.length) {
      for (let i = 0; i < nodes.length; i++) located.set(nodes[i] as object, i);
    } else {
      diagnostics.push({
        file,
        line: null,
        level: 'warning',
        message: 'Unexpected JSON layout (duplicate or numeric keys): line numbers are not available for this file',
      });
    }
    return located;
  };
  const indexOf = (node: unknown): number | undefined => (node !== null && typeof node === 'object' ? locate().get(node) : undefined);
  // Where each line given out starts, so its text is a slice (lineText) rather than a look-up in every line's start.
  const cited = new Map<number, number>();
  const cite = (line: number, at: number): number => {
    if (!cited.has(line)) cited.set(line, text.lastIndexOf('\n', at) + 1);
    return line;
  };
  const lineOf = (node: unknown): number | null => {
    // The root's line is asked for by every parser, and needs no map of the rest.
    if (node === value && start >= 0 && node !== null && typeof node === 'object') return cite(lineAt(text, start), start);
    const i = indexOf(node);
    return i === undefined ? null : cite(openLines[i] as number, openings[i] as number);
  };
  const lineText = (n: number): string => {
    const from = cited.get(n);
    if (from === undefined) return lines.line(n);
    const nl = text.indexOf('\n', from);
    const end = nl < 0 ? text.length : nl;
    return text.slice(from, end > from && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
  };
  const lineOfKey = (node: unknown, key: string): number | null => {
    const i = indexOf(node);
    if (i === undefined) return null;
    const start = openLines[i] as number;
    // A key of this object sits two columns right of the line it opens on (json.MarshalIndent's layout), within
    // the next 400 lines and before the object closes; a key of a nested object is deeper, one in a string is not
    // at the start of its line.
    const open = openings[i] as number;
    const lineStart = text.lastIndexOf('\n', open) + 1;
    let indent = 0;
    while (isBlank(text.charCodeAt(lineStart + indent))) indent++;
    const needle = `"${key}":`;
    const close = closings[i] as number;
    for (let at = text.indexOf(needle, open + 1); at >= 0 && at < close; at = text.indexOf(needle, at + 1)) {
      const from = text.lastIndexOf('\n', at) + 1;
      if (at - from !== indent + 2) continue;
      let blank = true;
      for (let k = from; k < at && blank; k++) blank = isBlank(text.charCodeAt(k));
      if (!blank) continue;
      // Counted from the object's opening rather than from the text's start: the key is near, the text can be long.
      let line = start;
      for (let nl = text.indexOf('\n', open); nl >= 0 && nl < at && line - start <= 400; nl = text.indexOf('\n', nl + 1)) line++;
      return line - start <= 400 ? cite(line, at) : cite(start, open);
    }
    return cite(start, open);
  };

  let value: unknown;
  if (start < 0) {
    diagnostics.push({ file, line: null, level: 'error', message: 'Missing JSON value in the output' });
    return { value: undefined, lineOf, lineOfKey, lineText, lines, diagnostics };
  }
  try {
    // Most outputs are the value and nothing else; only one with text after it needs the scan for its end.
    value = JSON.parse(start === 0 ? text : text.slice(start));
  } catch {
    try {
      value = JSON.parse(text.slice(start, scanValue(text, start, [])));
    } catch (error) {
      diagnostics.push({
        file,
        line: lines.lineOf(start),
        level: 'error',
        message: `Invalid JSON: ${(error as Error).message}`,
      });
      return { value: undefined, lineOf, lineOfKey, lineText, lines, diagnostics };
    }
  }
  return { value, lineOf, lineOfKey, lineText, lines, diagnostics };
}

/**
 * The text with the value at `path` (keys from the root object down) replaced by `null` and the newlines it held,
 * so every other value keeps its line; null when the value is not found in the layout Go's
 * `json.MarshalIndent(v, "", "  ")` writes (key at two spaces per level, its closing bracket alone on a line at
 * the same indent). A JSON string holds no raw newline, so a line that starts with that indent and a bracket
 * closes the value. The caller parses the original text when the result does not parse.
 */
export function withoutValue(text: string, path: readonly string[]): string | null {
  const range = valueRange(text, path);
  return range ? withoutRanges(text, [range]) : null;
}

/** Where the value at `path` starts and ends in json.MarshalIndent's layout ({@link withoutValue}); null when not found. */
export function valueRange(text: string, path: readonly string[]): { start: number; end: number } | null {
  let from = 0;
  let to = text.length;
  let valueStart = -1;
  let valueEnd = -1;
  for (let depth = 1; depth <= path.length; depth++) {
    const indent = ' '.repeat(2 * depth);
    const key = `\n${indent}"${path[depth - 1]}": `;
    const at = text.indexOf(key, from);
    if (at < 0 || at >= to) return null;
    valueStart = at + key.length;
    const open = text.charCodeAt(valueStart);
    if ((open !== 0x5b && open !== 0x7b) || text.charCodeAt(valueStart + 1) !== 0x0a) return null;
    const close = text.indexOf(`\n${indent}${open === 0x5b ? ']' : '}'}`, valueStart);
    if (close < 0 || close >= to) return null;
    valueEnd = close + 1 + indent.length + 1;
    from = valueStart;
    to = valueEnd;
  }
  return { start: valueStart, end: valueEnd };
}

/**
 * The text with each range (from {@link valueRange}) replaced by `null` and the newlines it held, built in one
 * go: a string cut from a string already cut is flattened again by every search in it. A range inside one before
 * it is skipped.
 */
export function withoutRanges(text: string, ranges: readonly { start: number; end: number }[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const { start, end } of [...ranges].sort((a, b) => a.start - b.start)) {
    if (start < at) continue;
    let newlines = 0;
    for (let i = text.indexOf('\n', start); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) newlines++;
    parts.push(text.slice(at, start), 'null', '\n'.repeat(newlines));
    at = end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Where each object and array of the value at `start` opens and closes, and the line it opens on, read from the
 * last character of each line, as Go's `json.MarshalIndent` lays a value out: a bracket that opens a non-empty
 * value ends its line, the one that closes it ends its own (`}` or `},`), and an empty value (`{}`, `[]`) ends its
 * line. A JSON string holds no raw newline, so a bracket that ends a line is never inside one, nor is the opener
 * just before a closing one: every bracket found is real. Null when they are not all `count` values of the parse or
 * do not pair up, which any other layout gives; then the answer, found here without reading every character, is
 * the same as {@link scanValue}'s.
 */
export function scanIndented(text: string, start: number, count: number): { openings: number[]; closings: number[]; lines: Uint32Array } | null {
  const openings: number[] = [];
  const closings: number[] = [];
  const lines = new Uint32Array(count);
  const stack: number[] = [];
  let line = 1;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < start; nl = text.indexOf('\n', nl + 1)) line++;
  for (let from = start; from <= text.length; line++) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    let last = end - 1;
    if (last >= from && text.charCodeAt(last) === 0x0d) last--;
    if (last >= from && text.charCodeAt(last) === 0x2c) last--;
    from = end + 1;
    if (last < start) continue;
    const c = text.charCodeAt(last);
    if (c === 0x7b || c === 0x5b) {
      if (openings.length === count) return null;
      lines[openings.length] = line;
      stack.push(openings.length);
      openings.push(last);
      closings.push(text.length);
    } else if (c === 0x7d || c === 0x5d) {
      const opener = c === 0x7d ? 0x7b : 0x5b;
      if (last > start && text.charCodeAt(last - 1) === opener) {
        if (openings.length === count || stack.length === 0) return null;
        lines[openings.length] = line;
        openings.push(last - 1);
        closings.push(last);
        continue;
      }
      const open = stack.pop();
      if (open === undefined || text.charCodeAt(openings[open] as number) !== opener) return null;
      closings[open] = last;
      if (stack.length === 0) return openings.length === count ? { openings, closings, lines } : null;
    }
  }
  return null;
}

/**
 * Offset just past the JSON value at `start`; records the offset of every `{` and `[` outside strings and, at the
 * same index, of the bracket that closes it.
 */
function scanValue(text: string, start: number, openings: number[], closings: number[] = []): number {
  // A loop over char codes: a regex match per bracket and quote allocates, and a health output has millions.
  const open: number[] = [];
  const length = text.length;
  for (let i = start; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i + 1) - 1;
    } else if (c === 0x7b || c === 0x5b) {
      open.push(openings.length);
      openings.push(i);
      closings.push(length);
    } else if (c === 0x7d || c === 0x5d) {
      closings[open.pop() as number] = i;
      if (open.length === 0) return i + 1;
    }
  }
  return length;
}

/** Offset just past the `"` that closes a string whose content starts at `from`. */
function stringEnd(text: string, from: number): number {
  let i = text.indexOf('"', from);
  while (i >= 0) {
    let backslashes = 0;
    for (let j = i - 1; j >= from && text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return i + 1;
    i = text.indexOf('"', i + 1);
  }
  return text.length;
}

/** A space or a tab: the indentation of a JSON line. */
/** 1-based line of a position, counted from the text's start. */
function lineAt(text: string, at: number): number {
  let line = 1;
  for (let nl = text.indexOf('\n'); nl >= 0 && nl < at; nl = text.indexOf('\n', nl + 1)) line++;
  return line;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Objects and arrays in pre-order, the order JSON.parse met their opening brackets. */
function collect(value: unknown, out: object[]): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    out.push(node);
    const children = Array.isArray(node) ? node : Object.values(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Narrowing helpers for reading untrusted JSON without casts. */
export function asObject(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}
export function asArray(v: unknown): unknown[] | null {
  return Array.isArray(v) ? v : null;
}
export function asString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
export function asNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
