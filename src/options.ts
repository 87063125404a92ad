import { CHECKS } from './checks/index.js';
import { UsageError } from './errors.js';
import type { Severity } from './model/common.js';
import { DEFAULT_LIMITS, type UnpackLimits } from './stages/unpack/types.js';

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];

/**
 * The closest of `candidates` to `input` by edit distance (case ignored; ties to the alphabetically first). With
 * `typoOnly`, only when it is near enough to be a typo: at most a third of the input's length, and at least 1.
 */
export function closest(input: string, candidates: Iterable<string>, typoOnly = false): string | null {
  const wanted = input.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(wanted, c.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== null && c < best)) [best, bestDistance] = [c, d];
  }
  if (typoOnly && bestDistance > Math.max(1, Math.floor(wanted.length / 3))) return null;
  return best;
}

/** Levenshtein distance, two rows; inputs here are option names and check slugs (tens of characters). */
function distance(a: string, b: string): number {
  if (a.length > 200 || b.length > 200) return Math.abs(a.length - b.length) + 200;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** ` (did you mean "x"?)`, naming the closest valid name. */
function hint(input: string, candidates: Iterable<string>): string {
  const c = closest(input, candidates);
  return c ? ` (did you mean "${c}"?)` : '';
}

/**
 * Checks severity overrides: every key a check id (`CR-3001`) or slug (`node-unreachable`), every value a level.
 * `where` names the option in the message (`--severity` on the command line, `severity` in the library).
 */
export function checkSeverity(severity: Readonly<Record<string, unknown>>, where = 'severity'): Record<string, Severity> {
  const names = CHECKS.flatMap((c) => [c.id, c.slug]);
  for (const [key, value] of Object.entries(severity)) {
    if (!names.includes(key)) {
      throw new UsageError(`${where}: no check "${key}"${hint(key, names)}`, 'a check id (CR-3001) or slug (node-unreachable), as listed in docs/checks.md');
    }
    if (typeof value !== 'string' || !SEVERITIES.includes(value)) {
      throw new UsageError(`${where}: "${String(value)}" is not a severity for ${key}${hint(String(value), SEVERITIES)}`, 'error, warning or info');
    }
  }
  return severity as Record<string, Severity>;
}

/** Every threshold override a `<slug>.<name>` a check declares, with a finite number. */
export function checkThresholds(thresholds: Readonly<Record<string, unknown>>, where = 'thresholds'): Record<string, number> {
  const all = CHECKS.flatMap((c) => Object.keys(c.thresholds ?? {}).map((name) => `${c.slug}.${name}`));
  for (const [key, value] of Object.entries(thresholds)) {
    if (!all.includes(key)) {
      const dot = key.lastIndexOf('.');
      const check = CHECKS.find((c) => c.slug === key.slice(0, dot) || c.id === key.slice(0, dot));
      const own = check ? Object.keys(check.thresholds ?? {}).map((n) => `${check.slug}.${n}`) : [];
      const expected = check
        ? own.length > 0
          ? `one of ${own.join(', ')}`
          : `a threshold of a check that has one (${check.slug} has none): ${all.join(', ')}`
        : `<check slug>.<name>, one of ${all.join(', ')}`;
      throw new UsageError(`${where}: no threshold "${key}"${hint(key, own.length > 0 ? own : all)}`, expected);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new UsageError(`${where}: ${key} must be a number`, 'a number, e.g. ipam-exhaustion.warnPercent=80', String(value));
    }
  }
  return thresholds as Record<string, number>;
}

/** Every limit name one of {@link DEFAULT_LIMITS}, every value a positive whole number. */
export function checkLimits(limits: Readonly<Record<string, unknown>>, where = 'limits'): Partial<UnpackLimits> {
  const names = Object.keys(DEFAULT_LIMITS);
  for (const [key, value] of Object.entries(limits)) {
    if (!names.includes(key)) throw new UsageError(`${where}: no limit "${key}"${hint(key, names)}`, `one of ${names.join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new UsageError(`${where}: ${key} must be a positive number`, 'a positive number (sizes in bytes; the command line takes K, M, G suffixes)', String(value));
    }
  }
  return limits as Partial<UnpackLimits>;
}
