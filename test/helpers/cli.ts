import { main } from '../../src/cli.js';

/** Runs the CLI in-process with captured streams. */
export async function cli(args: string[], options: { tty?: boolean; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.tty ?? false },
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

/** The first line of stderr: where a usage error says what was wrong. */
export function firstLine(r: { stderr: string }): string {
  return r.stderr.split('\n')[0] ?? '';
}
