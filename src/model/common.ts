import { z } from 'zod';

/** Where a record came from: the virtual path inside the bundle and the 1-based line (null for whole-file facts). */
export const SrcSchema = z.object({
  /** Virtual path inside the bundle; a member of a nested archive is `outer.tar.gz!/inner/path`. */
  file: z.string(),
  /** 1-based line number, or null when the record is not tied to one line. */
  line: z.number().int().positive().nullable(),
});
export type Src = z.infer<typeof SrcSchema>;

export const DiagnosticLevelSchema = z.enum(['error', 'warning']);
export type DiagnosticLevel = z.infer<typeof DiagnosticLevelSchema>;

/** Something the tool could not read or had to skip. Input problems become diagnostics, never exceptions. */
export const DiagnosticSchema = z.object({
  file: z.string(),
  line: z.number().int().positive().nullable(),
  level: DiagnosticLevelSchema,
  message: z.string(),
});
export type Diagnostic = z.infer<typeof DiagnosticSchema>;

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** The bundle file, line and excerpt a finding rests on. */
export const EvidenceSchema = z.object({
  file: z.string(),
  line: z.number().int().positive().nullable(),
  excerpt: z.string(),
  /** Last line of a multi-line excerpt. */
  endLine: z.number().int().positive().optional(),
  /** What this place shows, for the second side of a disagreement ("node-b's agent says …"). */
  note: z.string().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** A record's source position plus the text of that line, so checks can cite it without reopening files. */
export const SourcedSchema = z.object({
  src: SrcSchema,
  /** The source line as it appears in the file (bounded), used as the evidence excerpt. */
  excerpt: z.string(),
});
export type Sourced = z.infer<typeof SourcedSchema>;

/** A line inside a file named by the enclosing record (for per-agent lists whose rows are shared between agents). */
export const LineRefSchema = z.object({
  line: z.number().int().positive().nullable(),
  excerpt: z.string(),
});
export type LineRef = z.infer<typeof LineRefSchema>;

/** Longest excerpt kept from one source line. */
export const MAX_EXCERPT = 400;

/**
 * Bound an excerpt so one pathological line cannot bloat the model or the report.
 * `from`/`to` pick the part of the line that matters: outputs pasted with their line breaks lost
 * put a whole command output on one line, and the excerpt must show the relevant part of it.
 * The result, without a leading or trailing `…`, is always a substring of the line.
 */
export function excerptOf(line: string, from = 0, to = line.length): string {
  const trimmed = line.trimEnd();
  if (trimmed.length <= MAX_EXCERPT) return trimmed;
  const focused = from > 0 || to < trimmed.length;
  // A part of a long line: that part and a little context, so the excerpt reads as the record it stands for.
  const start = focused ? Math.max(0, from - 40) : 0;
  const end = focused ? Math.min(trimmed.length, Math.max(to, from) + 40, start + MAX_EXCERPT) : MAX_EXCERPT;
  return `${start > 0 ? '…' : ''}${trimmed.slice(start, end)}${end < trimmed.length ? '…' : ''}`;
}

export function diag(file: string, line: number | null, level: DiagnosticLevel, message: string): Diagnostic {
  return { file, line, level, message };
}
