// cilium-cli's own log, `cilium-sysdump.log` at the sysdump root (cilium-cli sysdump/sysdump.go, v0.11.0+):
// `🔍 Collecting sysdump with cilium-cli version: v0.16.24, args: [sysdump …]` first (v0.11.6+), then one line per
// task, and after the tasks, when some failed, `⚠️ The following tasks failed, the sysdump may be incomplete:`
// followed by one `⚠️ [<n>] <task>: <error>` per failure. Before that block existed (≤ v0.12) failures were one
// line: `⚠️ The sysdump may be incomplete — <multierror>`.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { SysdumpLog } from '../model/misc.js';
import { defineParser } from './define.js';
import { LineAccount, splitLines } from './util/text.js';

const VERSION = /Collecting sysdump with cilium-cli version:\s*(v?[\w.+-]+)(?:,\s*args:\s*(\[.*\]))?/;
const FAILED_START = /The following tasks failed, the sysdump may be incomplete/;
const FAILED_TASK = /^\s*(?:⚠️|⚠)?\s*(\[\d+\]\s*)?(.+?):\s+(.*)$/u;
const OLD_FAILURE = /The sysdump may be incomplete\s+—\s+(.*)$/;
const EXPECTED_NOTE = /Please note that depending on your Cilium version/;

export const ciliumSysdumpLog = defineParser<SysdumpLog>({
  id: 'cilium-sysdump-log',
  scope: 'root',
  format: 'log',
  preference: 10,
  files: [/^cilium-sysdump\.log$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const lines = splitLines(text);
    const account = new LineAccount(lines);
    const log: SysdumpLog = { src: { file, line: null }, cliVersion: null, args: null, failedTasks: [] };
    let inFailures = false;
    /** The one-line failure of the old form, replaced by its items when the list follows. */
    let summary: SysdumpLog['failedTasks'][number] | null = null;
    let inMultierror = false;
    lines.forEach((line, i) => {
      const n = i + 1;
      // Every line is a progress message of cilium-cli: read, and kept only when it says what failed.
      if (line.trim() !== '') account.take(n);
      const version = VERSION.exec(line);
      if (version && !log.cliVersion) {
        log.cliVersion = version[1] ?? null;
        log.args = version[2] ?? null;
        return;
      }
      if (FAILED_START.test(line)) {
        inFailures = true;
        return;
      }
      const old = OLD_FAILURE.exec(line);
      if (old) {
        summary = { src: { file, line: n }, excerpt: excerptOf(line), task: 'sysdump', error: (old[1] ?? '').trim() };
        log.failedTasks.push(summary);
        inMultierror = true;
        return;
      }
      // hashicorp/go-multierror lists each error of the old one-line form below it: `\t* failed to collect …: <err>`.
      const item = inMultierror ? /^\s*\* (.+?):\s+(.*)$/.exec(line) : null;
      if (item) {
        if (summary && log.failedTasks[log.failedTasks.length - 1] === summary) log.failedTasks.pop();
        summary = null;
        log.failedTasks.push({ src: { file, line: n }, excerpt: excerptOf(line), task: (item[1] as string).replace(/^failed to collect /, '').trim(), error: (item[2] as string).trim() });
        return;
      }
      if (inMultierror && line.trim() !== '' && !/^\s*\*/.test(line)) inMultierror = false;
      if (!inFailures) return;
      if (EXPECTED_NOTE.test(line) || !/^\s*(⚠️|⚠)/u.test(line)) {
        inFailures = false;
        return;
      }
      const task = FAILED_TASK.exec(line);
      if (!task) {
        diagnostics.push({ file, line: n, level: 'warning', message: `Unknown failed-task line "${excerptOf(line, 0, 80)}"` });
        return;
      }
      log.failedTasks.push({ src: { file, line: n }, excerpt: excerptOf(line), task: (task[2] ?? '').trim(), error: (task[3] ?? '').trim() });
    });
    return account.result(log, diagnostics);
  },
});
