/** Hooks the pipeline calls as it goes; all optional. */
export interface ProgressHooks {
  onStageStart?(stage: Stage): void;
  onFile?(path: string, bytes: number): void;
  /**
   * Bytes of the bundle read so far against its total, when known: a zip's unpacked bytes (from its central
   * directory), a tar or tar.gz file's own bytes, a folder's bytes (no total).
   */
  onBytes?(done: number, total: number | null, unit: 'unpacked' | 'packed'): void;
  onStageEnd?(stage: Stage, stats: { ms: number }): void;
}

export type Stage = 'unpack+normalise' | 'correlate' | 'context' | 'render';

export interface TerminalProgressOptions {
  stream: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  /** Progress is drawn only on a terminal, and never under CI. */
  isTTY?: boolean;
  now?: () => number;
}

/**
 * A one-line progress display on stderr. Silent off a terminal (default: `stream.isTTY && !CI`), so logs and
 * pipes never get carriage returns.
 */
export function terminalProgress(options: TerminalProgressOptions): ProgressHooks {
  const tty = options.isTTY ?? (Boolean(options.stream.isTTY) && !process.env.CI);
  if (!tty) return {};
  const now = options.now ?? (() => Date.now());
  let files = 0;
  let bytes = 0;
  let last = 0;
  let started = now();
  let stage = '';
  let read: { done: number; total: number | null; unit: 'unpacked' | 'packed' } | null = null;
  const draw = (text: string) => options.stream.write(`\r\u001b[K${text}`);
  const line = () => {
    if (!read) return `reading bundle: ${files} files, ${mib(bytes)} MiB`;
    const { done, total, unit } = read;
    const elapsed = (now() - started) / 1000;
    const parts = [`${stage === 'context' ? 'reading cited files and the index' : 'reading bundle'}: ${mib(done)}${total ? ` of ${mib(total)}` : ''} MiB${unit === 'packed' ? ' packed' : ''}`];
    if (total && total > 0) parts.push(`${Math.min(100, Math.floor((done / total) * 100))}%`);
    parts.push(`${files} files`);
    // A time left only once there is enough behind to judge by.
    if (total && done > 0 && elapsed >= 1 && done < total) parts.push(`${clock((elapsed * (total - done)) / done)} left`);
    return parts.join(', ');
  };
  return {
    onStageStart(s) {
      stage = s;
      started = now();
      read = null;
      draw(`${s}…`);
    },
    onFile(_path, size) {
      files++;
      bytes += size;
      const t = now();
      if (t - last < 100) return;
      last = t;
      draw(line());
    },
    onBytes(done, total, unit) {
      read = { done, total, unit };
      const t = now();
      if (t - last < 100) return;
      last = t;
      draw(line());
    },
    onStageEnd() {
      draw('');
    },
  };
}

const mib = (n: number) => (n / 2 ** 20).toFixed(n < 10 * 2 ** 20 ? 1 : 0);

/** Seconds as m:ss or h:mm:ss. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
