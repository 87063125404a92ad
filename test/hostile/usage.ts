// Loaded into the CLI's process by the hostile harness (`node --import`): on exit, writes the process's peak RSS
// and CPU time to $HOSTILE_USAGE_FILE, so the harness can hold every case to its time and memory bounds.
import { writeFileSync } from 'node:fs';

const file = process.env.HOSTILE_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssKiB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
