/** Hooks the pipeline calls as it goes; all optional. */
export interface ProgressHooks {
  onStageStart?(stage: Stage): void;
  onFile?(path: string, bytes: number): void;
  onStageEnd?(stage: Stage, stats: { ms: number }): void;
}

export type Stage = 'unpack+normalise' | 'correlate' | 'render';

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
  const draw = (text: string) => options.stream.write(`\r\u001b[K${text}`);
  return {
    onStageStart(stage) {
      draw(`${stage}…`);
    },
    onFile(_path, size) {
      files++;
      bytes += size;
      const t = now();
      if (t - last < 100) return;
      last = t;
      draw(`reading bundle: ${files} files, ${(bytes / 2 ** 20).toFixed(0)} MiB`);
    },
    onStageEnd() {
      draw('');
    },
  };
}
