import type { Diagnostic } from '../../model/common.js';

/** Diagnostics listed per file; past it the file gets one line that counts the rest. */
export const MAX_DIAGNOSTICS_PER_FILE = 20;
/** Diagnostics listed per kind (one message with its values left out); past it the kind gets one line. */
export const MAX_DIAGNOSTICS_PER_KIND = 100;
/** Characters kept of a diagnostic's message and file: both can quote names and lines from the bundle. */
export const MAX_DIAGNOSTIC_TEXT = 1000;

/**
 * Diagnostics with a cap per file and per kind, each with a count of what it left out. A hostile bundle can hold a
 * million bad lines or entries; the report lists a bounded number of them, so memory and output stay bounded by
 * the caps, not by the input. Use {@link add} while collecting and {@link list} at the end.
 */
export class DiagnosticLog {
  private readonly kept: Diagnostic[] = [];
  private readonly perFile = new Map<string, number>();
  private readonly perKind = new Map<string, number>();
  /** Left out, by file: the count and the level of the worst. */
  private readonly droppedByFile = new Map<string, { count: number; level: Diagnostic['level'] }>();
  /** Left out, by kind: the count and the first one left out, quoted in the summary line. */
  private readonly droppedByKind = new Map<string, { count: number; first: Diagnostic }>();

  constructor(
    readonly maxPerFile = MAX_DIAGNOSTICS_PER_FILE,
    readonly maxPerKind = MAX_DIAGNOSTICS_PER_KIND,
  ) {}

  add(raw: Diagnostic): void {
    const d = bounded(raw);
    const kind = kindOf(d);
    const inKind = this.perKind.get(kind) ?? 0;
    if (inKind >= this.maxPerKind) {
      const seen = this.droppedByKind.get(kind);
      if (seen) seen.count++;
      else this.droppedByKind.set(kind, { count: 1, first: d });
      return;
    }
    const inFile = this.perFile.get(d.file) ?? 0;
    if (inFile >= this.maxPerFile) {
      const seen = this.droppedByFile.get(d.file);
      if (seen) {
        seen.count++;
        if (d.level === 'error') seen.level = 'error';
      } else this.droppedByFile.set(d.file, { count: 1, level: d.level });
      return;
    }
    this.perKind.set(kind, inKind + 1);
    this.perFile.set(d.file, inFile + 1);
    this.kept.push(d);
  }

  /** {@link add}, for code that collects into an array. */
  push(d: Diagnostic): void {
    this.add(d);
  }

  /** Number of diagnostics kept so far (summary lines not included). */
  get size(): number {
    return this.kept.length;
  }

  /** The kept diagnostics in the order added, then one line per file and per kind that had some left out. */
  list(): Diagnostic[] {
    const out = this.kept.slice();
    let files = 0;
    let moreFiles = 0;
    let moreInFiles = 0;
    for (const [file, { count, level }] of this.droppedByFile) {
      // The summary lines are bounded too: a million files with too many diagnostics each get one line in all.
      if (files >= this.maxPerKind) {
        moreFiles++;
        moreInFiles += count;
        continue;
      }
      files++;
      out.push({ file, line: null, level, message: `${count} more diagnostic${count === 1 ? '' : 's'} of this file left out (at most ${this.maxPerFile} are listed per file)` });
    }
    if (moreFiles > 0) {
      out.push({ file: '', line: null, level: 'warning', message: `${moreInFiles} more diagnostics of ${moreFiles} more files left out (at most ${this.maxPerKind} files are named)` });
    }
    for (const { count, first } of this.droppedByKind.values()) {
      out.push({
        file: first.file,
        line: first.line,
        level: first.level,
        message: cut(`${count} more diagnostic${count === 1 ? '' : 's'} like this one left out (at most ${this.maxPerKind} are listed per kind): ${first.message}`),
      });
    }
    return out;
  }
}

/** A list of diagnostics with the caps of {@link DiagnosticLog} applied. */
export function capDiagnostics(list: readonly Diagnostic[], maxPerFile?: number, maxPerKind?: number): Diagnostic[] {
  const log = new DiagnosticLog(maxPerFile, maxPerKind);
  for (const d of list) log.add(d);
  return log.list();
}

function bounded(d: Diagnostic): Diagnostic {
  if (d.message.length <= MAX_DIAGNOSTIC_TEXT && d.file.length <= MAX_DIAGNOSTIC_TEXT) return d;
  return { ...d, file: cut(d.file), message: cut(d.message) };
}

function cut(text: string): string {
  return text.length > MAX_DIAGNOSTIC_TEXT ? `${headOf(text, MAX_DIAGNOSTIC_TEXT - 1)}…` : text;
}

/**
 * The first `length` characters of a text, as a string of their own: V8 keeps a `slice` as a view into its parent,
 * so 200 characters cut from a 4 MB entry name would keep all 4 MB alive for as long as the diagnostic lives.
 */
export function headOf(text: string, length: number): string {
  return Buffer.from(text.slice(0, length), 'utf8').toString('utf8');
}

/**
 * A diagnostic's kind: its level and message with the values taken out (quoted text and numbers), so
 * `Invalid entry name "a/../b"` and `Invalid entry name "c/../d"` are one kind. Summary lines of a kind are kinds
 * of their own. One pass over at most the first 200 characters, no regular expression.
 */
function kindOf(d: Diagnostic): string {
  let out = `${d.level} `;
  let quoted = false;
  let digits = false;
  const text = d.message.length > 200 ? d.message.slice(0, 200) : d.message;
  for (const c of text) {
    if (c === '"') {
      quoted = !quoted;
      if (quoted) out += '""';
      continue;
    }
    if (quoted) continue;
    const digit = c >= '0' && c <= '9';
    if (digit) {
      if (!digits) out += '#';
      digits = true;
      continue;
    }
    digits = false;
    out += c;
  }
  return out;
}
