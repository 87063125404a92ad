import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Names a Chromium or Chrome binary goes by on Linux distributions and macOS Homebrew casks. */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/**
 * The browser the browser tests drive: `CHROMIUM_PATH` when set, else the first of the usual names on PATH.
 * Returns the reason instead when there is none, for the test's skip message.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const given = env.CHROMIUM_PATH;
  if (given) return existsSync(given) ? { path: given } : { missing: `CHROMIUM_PATH is ${given}, which does not exist` };
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return { path: candidate };
      } catch {
        // not here
      }
    }
  }
  return { missing: `no browser: set CHROMIUM_PATH or put one of ${NAMES.join(', ')} on PATH (CI installs Debian's chromium)` };
}
