import type { Bundle } from '../../model/bundle.js';

/**
 * When the bundle was collected, on the UTC clock every other timestamp of the bundle uses. The sysdump `<ts>` is
 * the collector's local time with no zone (sysdump-format.md §1.1); the offset is estimated only from the bundle
 * itself: the bugtool of each agent names its debuginfo file with the agent's own clock and zone
 * (`cilium-debuginfo-20240513-141502.337+0000-UTC.json`, bugtool/cmd/root.go), written seconds after the
 * collector started. The earliest of them, taken back to UTC, against `<ts>` gives the offset to the quarter hour.
 */
export interface CollectionClock {
  /** `<ts>` as written: the collector's local time, no zone (`2024-05-13T14:15:02`). */
  local: string | null;
  /** The collection time in UTC (`2024-05-13T12:15:02Z`), when the offset could be estimated. */
  utc: string | null;
  /** The collector's offset from UTC in minutes (+120 for UTC+02:00), when estimated. */
  offsetMinutes: number | null;
  /** Where the offset comes from, or why it is unknown, in words. */
  basis: string;
  /** Milliseconds since the epoch of the collection for comparisons: UTC when estimated, else `<ts>` read as UTC. */
  ms: number | null;
  /** How far `ms` may be off: 0 with an estimate, 14 hours without (the widest zone offsets). */
  uncertaintyMs: number;
}

const DEBUGINFO = /cilium-debuginfo-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:\.\d+)?([+-])(\d{2})(\d{2})-[A-Za-z0-9]+\.json$/;
const HOUR = 3_600_000;

export function collectionClock(bundle: Bundle): CollectionClock {
  const local = bundle.info.collectedAt;
  const localMs = local ? Date.parse(`${local}Z`) : Number.NaN;
  if (!local || Number.isNaN(localMs)) {
    return { local: null, utc: null, offsetMinutes: null, basis: 'the bundle has no sysdump timestamp', ms: null, uncertaintyMs: 14 * HOUR };
  }
  let earliest = Number.POSITIVE_INFINITY;
  let file = '';
  for (const entry of bundle.ledger) {
    const m = DEBUGINFO.exec(entry.path);
    if (!m) continue;
    const [, y, mo, d, h, mi, se, sign, oh, om] = m as unknown as string[];
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se));
    const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    const utc = wall - offset * 60_000;
    if (utc < earliest) {
      earliest = utc;
      file = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    }
  }
  if (Number.isFinite(earliest)) {
    const minutes = Math.round((localMs - earliest) / 60_000 / 15) * 15;
    if (Math.abs(minutes) <= 14 * 60) {
      const utcMs = localMs - minutes * 60_000;
      return {
        local,
        utc: new Date(utcMs).toISOString().replace('.000Z', 'Z'),
        offsetMinutes: minutes,
        basis: `offset UTC${formatOffset(minutes)} estimated from the agent clock in ${file}`,
        ms: utcMs,
        uncertaintyMs: 0,
      };
    }
  }
  return { local, utc: null, offsetMinutes: null, basis: 'the collector\'s local time; its offset from UTC is unknown (no agent file names its clock)', ms: localMs, uncertaintyMs: 14 * HOUR };
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
