/**
 * Text from a bundle as a reader may see it. A bundle can carry terminal escape sequences (`ESC [ 2 J`), other
 * control characters, bidi overrides that show text in another order (CVE-2021-42574, "Trojan Source") and
 * zero-width characters that make two names look the same. Every output path (the CLI's lines on stderr, `-o -`
 * on stdout, Markdown, HTML, JSON, JUnit, the diff) shows them as visible escapes: `\x1b`, `\u202e`, `\u200b`.
 */

/**
 * Invisible or state-changing characters, tab and newline aside: C0 controls, DEL and C1 controls; the soft
 * hyphen; the Arabic letter mark, Hangul fillers and the Mongolian vowel separator; zero-width space, joiners and
 * marks (U+200B–200F); line and paragraph separators and the bidi embeddings and overrides (U+2028–202E); word
 * joiner and invisible operators (U+2060–2064); bidi isolates and deprecated format characters (U+2066–206F); the
 * byte order mark; interlinear annotation; tag characters (used to hide text in plain sight).
 */
const INVISIBLE =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;
const ANY_INVISIBLE = new RegExp(INVISIBLE.source, 'u');
/**
 * A variation selector (U+FE00–FE0F, or a supplementary one, U+E0100–E01EF) after an ASCII character: it shows
 * nothing, so it can make two names look alike. After an emoji it is part of it (cilium-cli prints `⚠️`, U+26A0
 * U+FE0F) and is kept.
 */
const STRAY_SELECTOR = /(?<=[\u0000-\u007f])[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu;
const ANY_SELECTOR = /[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
/** What {@link skeleton} drops: the invisible characters and every variation selector. */
const NOT_SEEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}\u{e0100}-\u{e01ef}]/gu;

/** `\n` and `\r`; `\x1b` for another code point below 256, `\u202e` in the BMP, `\u{e0041}` above it. */
export function escapeCodePoint(c: string): string {
  const cp = c.codePointAt(0) as number;
  if (cp === 0x0a) return '\\n';
  if (cp === 0x0d) return '\\r';
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

export interface VisibleOptions {
  /**
   * Keep line breaks, for text shown as lines (an evidence excerpt in a fence, a `<pre>`): `\r\n` becomes `\n` and a
   * lone `\r` is escaped. Otherwise `\n` and `\r` are escaped too, so the text stays on one line.
   */
  lines?: boolean;
}

/** Text from the bundle with every invisible or control character shown as an escape; tabs are kept. */
export function visible(text: string, options: VisibleOptions = {}): string {
  let out = text;
  if (options.lines) {
    if (out.includes('\r')) out = out.replace(/\r\n/g, '\n');
  } else if (out.includes('\n') || out.includes('\r')) {
    out = out.replace(/[\n\r]/g, escapeCodePoint);
  }
  if (ANY_INVISIBLE.test(out)) out = out.replace(INVISIBLE, escapeCodePoint);
  return ANY_SELECTOR.test(out) ? out.replace(STRAY_SELECTOR, escapeCodePoint) : out;
}

/**
 * Rendered output on its way to a terminal (`-o -`), newlines and tabs kept: a last guard behind the renderers,
 * which already escaped what came from the bundle.
 */
export function terminalSafe(text: string): string {
  return ANY_INVISIBLE.test(text) ? text.replace(INVISIBLE, escapeCodePoint) : text;
}

/**
 * JSON text with the invisible characters JSON.stringify leaves raw (DEL, C1, bidi, zero-width, …) as `\uXXXX`
 * escapes: the same value once parsed, and nothing that reorders or hides text when the file is shown. They can
 * only occur inside strings, so the replacement never touches the syntax.
 */
export function jsonSafe(json: string): string {
  return json.replace(INVISIBLE, (c) => {
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}

/**
 * Every string of a render model through {@link visible} (line breaks kept), arrays and plain objects walked, other
 * values as they are. `except` names top-level keys that hold the renderer's own trusted text (inlined CSS).
 */
export function visibleDeep<T>(value: T, except: readonly string[] = []): T {
  return walk(value, new Set(except), true) as T;
}

function walk(value: unknown, except: ReadonlySet<string>, top: boolean): unknown {
  if (typeof value === 'string') return visible(value, { lines: true });
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = walk(value[i], except, false);
    return out;
  }
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = top && except.has(key) ? v : walk(v, except, false);
  return out;
}

/**
 * Latin look-alikes of letters from other scripts, and dashes that look like `-`: the characters Kubernetes names
 * are made of (a subset of Unicode Technical Standard #39, confusables.txt, https://www.unicode.org/reports/tr39/).
 */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', һ: 'h', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  // Greek
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  // Armenian, Latin dotless i
  օ: 'o', ս: 'u', ı: 'i',
  // Dashes and minus signs
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\ufe63': '-', '\uff0d': '-',
};

/**
 * What a name looks like: invisible characters dropped, compatibility forms folded (NFKC: fullwidth letters,
 * ligatures) and look-alike letters mapped to Latin. Two different names with one skeleton are confusable. An
 * ASCII name is its own skeleton.
 */
export function skeleton(name: string): string {
  // biome-ignore lint: a test for printable ASCII
  if (/^[\x20-\x7e]*$/.test(name)) return name;
  let out = '';
  for (const c of name.replace(NOT_SEEN, '').normalize('NFKC')) out += LOOK_ALIKES[c] ?? c;
  return out;
}

/**
 * Groups of distinct names that look alike (same {@link skeleton}), each group in first-seen order. Linear in the
 * names; only names with non-ASCII characters are normalised.
 */
export function lookAlikes(names: Iterable<string>): string[][] {
  const bySkeleton = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const key = skeleton(name);
    const group = bySkeleton.get(key);
    if (group) group.push(name);
    else bySkeleton.set(key, [name]);
  }
  const out: string[][] = [];
  for (const group of bySkeleton.values()) if (group.length > 1) out.push(group);
  return out;
}
