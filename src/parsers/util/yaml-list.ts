import { parse as parseYaml } from 'yaml';
import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { LineParser, LineSink, ParseResult } from '../define.js';
import { asArray, asObject, parseJsonWithLines } from './json.js';
import { readKubectlYaml } from './kubectl-yaml.js';

/** What an item handler gets besides the item: where it is, and how to cite a line inside it. */
export interface ItemContext {
  file: string;
  /** 1-based line where the item starts. */
  line: number;
  /** Text of that line. */
  excerpt: string;
  /** Line of a nested key, e.g. `['spec', 'ipam', 'podCIDRs']`; null when not found. */
  lineOf(path: readonly string[]): number | null;
  /** Text of a line of the item (for excerpts of nested keys). */
  text(line: number): string;
  diagnostics: Diagnostic[];
}

/** Items are parsed one by one, so the whole list is never one document in memory (200,000 CiliumEndpoints). */
const MAX_ITEM_BYTES = 16 * 2 ** 20;
/** A single-object or JSON document is parsed whole, up to this size. */
const MAX_DOCUMENT_BYTES = 128 * 2 ** 20;
/**
 * Items read of one list; the rest are counted and skipped. Kubernetes is tested up to 150,000 pods and 5,000 nodes
 * (sig-scalability thresholds); a list far past that is hostile, and parsing a million items would take minutes.
 */
export const MAX_LIST_ITEMS = 250_000;

export interface K8sListParserDef<T> {
  id: string;
  files: readonly RegExp[];
  preference?: number;
  /** Item kinds this parser takes from mixed `kind: List` files (typed list items carry no kind: always taken). */
  kinds?: readonly string[];
  /** Items read before the rest are skipped ({@link MAX_LIST_ITEMS} unless set lower). */
  maxItems?: number;
  item(obj: Record<string, unknown>, ctx: ItemContext): T | null;
}

/**
 * A streaming parser for the YAML lists cilium-cli writes (client-go's YAML printer: one document, sorted keys,
 * `items:` then one `- ` item per object at column 0, then `kind: XxxList` and `metadata:`; sysdump-format.md
 * §1.3). Also reads a single object, kubectl's `kind: List` (items possibly indented), and JSON lists (the legacy
 * Python sysdump's `nodes-<ts>.json`).
 */
export function defineK8sListParser<T>(def: K8sListParserDef<T>): LineParser<T[]> {
  return {
    id: def.id,
    scope: 'root',
    format: 'yaml',
    kind: 'lines',
    preference: def.preference ?? 10,
    files: def.files,
    start: (file) => new ListSink(def, file),
  };
}

type Mode = 'header' | 'items' | 'trailer' | 'whole';

class ListSink<T> implements LineSink<T[]> {
  private mode: Mode = 'header';
  private readonly records: T[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private header: { text: string; n: number }[] = [];
  private item: { text: string; n: number }[] = [];
  private itemIndent = -1;
  private wholeBytes = 0;
  private tooLarge = false;
  private sawTrailer = false;
  private sawItems = false;
  /** Items seen, read or not. */
  private itemCount = 0;

  constructor(
    private readonly def: K8sListParserDef<T>,
    private readonly file: string,
  ) {}

  line(text: string, n: number): void {
    if (this.mode === 'whole') {
      this.keepWhole(text, n);
      return;
    }
    if (this.mode === 'header') {
      if (this.header.length === 0 && text.trim() === '') return;
      if (this.header.length === 0 && /^\s*[[{]/.test(text)) {
        this.mode = 'whole';
        this.keepWhole(text, n);
        return;
      }
      if (/^items:\s*$/.test(text)) {
        this.mode = 'items';
        this.sawItems = true;
        return;
      }
      if (/^items:\s*\[\s*\]\s*$/.test(text)) {
        this.sawItems = true;
        this.mode = 'trailer';
        return;
      }
      this.keepHeader(text, n);
      return;
    }
    if (this.mode === 'items') {
      const start = /^(\s*)- /.exec(text);
      if (start && (this.itemIndent < 0 || (start[1] as string).length === this.itemIndent)) {
        this.flushItem();
        this.itemIndent = (start[1] as string).length;
        // Past the cap, items are counted and their lines dropped unread.
        this.skipping = ++this.itemCount > this.maxItems;
        if (!this.skipping) this.item.push({ text, n });
        return;
      }
      const indent = text.length - text.trimStart().length;
      if (text.trim() !== '' && this.itemIndent >= 0 && indent <= this.itemIndent && !/^\s*-/.test(text)) {
        this.flushItem();
        this.mode = 'trailer';
        this.sawTrailer = true;
        return;
      }
      if (this.itemIndent < 0) {
        if (text.trim() !== '') this.diagnostics.push({ file: this.file, line: n, level: 'warning', message: `Unexpected line before the first item: "${excerptOf(text.trim(), 0, 60)}"` });
        return;
      }
      if (this.skipping) return;
      this.item.push({ text, n });
      this.itemBytes += text.length;
      if (this.itemBytes > MAX_ITEM_BYTES) {
        this.diagnostics.push({ file: this.file, line: this.item[0]?.n ?? n, level: 'error', message: `Too large a list item: more than ${MAX_ITEM_BYTES} bytes; skipped` });
        this.item = [];
        this.itemBytes = 0;
        this.skipping = true;
      }
      return;
    }
    if (this.mode === 'trailer' && /^kind:\s*\S*List\s*$/.test(text)) this.sawTrailer = true;
  }

  private itemBytes = 0;
  /** Inside an item too large to keep, until the next one starts. */
  private skipping = false;

  private keepHeader(text: string, n: number): void {
    this.header.push({ text, n });
    this.wholeBytes += text.length + 1;
    if (this.wholeBytes > MAX_DOCUMENT_BYTES) {
      this.tooLarge = true;
      this.header = [];
    }
  }

  private keepWhole(text: string, n: number): void {
    if (this.tooLarge) return;
    this.keepHeader(text, n);
  }

  private get maxItems(): number {
    return this.def.maxItems ?? MAX_LIST_ITEMS;
  }

  /** Says how many items a list had past the cap. */
  private noteSkipped(total: number): void {
    if (total <= this.maxItems) return;
    this.diagnostics.push({
      file: this.file,
      line: null,
      level: 'error',
      message: `Too many list items: ${total}, more than a cluster holds; the first ${this.maxItems} are read and the other ${total - this.maxItems} skipped`,
    });
  }

  end(): ParseResult<T[]> {
    this.noteSkipped(this.itemCount);
    if (this.mode === 'items') {
      // A list cut short (a truncated file) has no `kind: XxxList` trailer: its last item may be incomplete.
      if (this.item.length > 0 && !this.sawTrailer) {
        this.diagnostics.push({
          file: this.file,
          line: this.item[0]?.n ?? null,
          level: 'error',
          message: 'Truncated list: the file ends inside an item without the closing `kind:` line; the last item is skipped',
        });
        this.item = [];
      }
      this.flushItem();
    }
    if (this.tooLarge) {
      this.diagnostics.push({ file: this.file, line: null, level: 'error', message: `Too large a document to read whole: more than ${MAX_DOCUMENT_BYTES} bytes` });
      return { data: null, diagnostics: this.diagnostics };
    }
    if (this.mode === 'whole') this.readWholeJson();
    else if (!this.sawItems && this.header.length > 0) this.readSingleObject();
    if (this.records.length === 0 && !this.sawItems && this.diagnostics.some((d) => d.level === 'error')) {
      return { data: null, diagnostics: this.diagnostics };
    }
    return { data: this.records, diagnostics: this.diagnostics };
  }

  private flushItem(): void {
    const lines = this.item;
    this.item = [];
    this.itemBytes = 0;
    if (lines.length === 0) return;
    const indent = this.itemIndent;
    const first = lines[0] as { text: string; n: number };
    // `- key: value` becomes `  key: value`, so the item parses as the mapping it is.
    const body = [`${' '.repeat(indent)}  ${first.text.slice(indent + 2)}`, ...lines.slice(1).map((l) => l.text)].join('\n');
    this.readItem(body, lines, first.n);
  }

  private readSingleObject(): void {
    const lines = this.header;
    const body = lines.map((l) => l.text).join('\n');
    this.readItem(body, lines, lines[0]?.n ?? 1);
  }

  private readItem(body: string, lines: readonly { text: string; n: number }[], startLine: number): void {
    let value: unknown;
    try {
      // kubectl's own layout is read by the fast reader; anything else by the general parser.
      value = readKubectlYaml(body);
      if (value === undefined) value = parseYaml(body, { maxAliasCount: 50, uniqueKeys: false, prettyErrors: false, strict: false });
    } catch (error) {
      const e = error as Error & { linePos?: { line: number }[] };
      const at = e.linePos?.[0]?.line;
      this.diagnostics.push({
        file: this.file,
        line: at ? startLine + at - 1 : startLine,
        level: 'error',
        message: `Invalid YAML item: ${e.message.split('\n')[0]}`,
      });
      return;
    }
    const obj = asObject(value);
    if (!obj) {
      this.diagnostics.push({ file: this.file, line: startLine, level: 'warning', message: 'Unexpected YAML item: not a mapping' });
      return;
    }
    const kind = typeof obj.kind === 'string' ? obj.kind : null;
    if (kind && /List$/.test(kind) && Array.isArray(obj.items)) return;
    if (kind && this.def.kinds && !this.def.kinds.includes(kind)) return;
    this.take(obj, this.contextFor(lines, startLine));
  }

  private contextFor(lines: readonly { text: string; n: number }[], startLine: number): ItemContext {
    const byLine = new Map(lines.map((l) => [l.n, l.text]));
    return {
      file: this.file,
      line: startLine,
      excerpt: excerptOf(byLine.get(startLine) ?? ''),
      lineOf: (path) => findKeyLine(lines, path),
      text: (n) => byLine.get(n) ?? '',
      diagnostics: this.diagnostics,
    };
  }

  private take(obj: Record<string, unknown>, ctx: ItemContext): void {
    try {
      const record = this.def.item(obj, ctx);
      if (record !== null) this.records.push(record);
    } catch (error) {
      this.diagnostics.push({ file: this.file, line: ctx.line, level: 'error', message: `Unreadable item: ${(error as Error).message}` });
    }
  }

  private readWholeJson(): void {
    const text = this.header.map((l) => l.text).join('\n');
    const json = parseJsonWithLines(text, this.file);
    const root = asObject(json.value);
    // A bare JSON array (`kubectl get … -o json | jq '.items'`, or a filtered fragment such as `.spec.addresses`):
    // its elements are the items, and one that is not an object of this kind is named by the item handler.
    const all = asArray(json.value) ?? asArray(root?.items) ?? (root ? [root] : []);
    if (json.value !== undefined && !root && !asArray(json.value)) {
      this.diagnostics.push({ file: this.file, line: 1, level: 'warning', message: 'JSON document that is neither an object nor a list: not read' });
    }
    this.noteSkipped(all.length);
    const items = all.length > this.maxItems ? all.slice(0, this.maxItems) : all;
    const lines = text.split('\n');
    for (const item of items) {
      const obj = asObject(item);
      if (!obj) {
        this.diagnostics.push({ file: this.file, line: json.lineOf(item) ?? 1, level: 'warning', message: 'List item that is not an object: skipped' });
        continue;
      }
      const line = json.lineOf(obj) ?? 1;
      const kind = typeof obj.kind === 'string' ? obj.kind : null;
      if (kind && this.def.kinds && !this.def.kinds.includes(kind)) continue;
      const ctx: ItemContext = {
        file: this.file,
        line,
        excerpt: excerptOf(lines[line - 1] ?? ''),
        lineOf: (path) => {
          let node: unknown = obj;
          for (const key of path) node = asObject(node)?.[key];
          return json.lineOf(node) ?? line;
        },
        text: (n) => lines[n - 1] ?? '',
        diagnostics: this.diagnostics,
      };
      this.take(obj, ctx);
    }
    // Last: asking for a line may have added one (an unexpected layout).
    for (const item of json.diagnostics) this.diagnostics.push(item);
  }
}

/** The line of `a:` then `b:` below it, then `c:` below that, within one item. */
function findKeyLine(lines: readonly { text: string; n: number }[], path: readonly string[]): number | null {
  let from = 0;
  let minIndent = -1;
  let found: number | null = null;
  for (const key of path) {
    found = null;
    const re = new RegExp(`^(\\s*)(?:- )?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\s|$)`);
    for (let i = from; i < lines.length; i++) {
      const l = lines[i] as { text: string; n: number };
      const m = re.exec(l.text);
      if (m && (m[1] as string).length > minIndent) {
        found = l.n;
        minIndent = (m[1] as string).length;
        from = i + 1;
        break;
      }
    }
    if (found === null) return null;
  }
  return found;
}
