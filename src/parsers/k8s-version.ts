// `k8s-version-<ts>.txt`: Go `%#v` of client-go's `version.Info` (cilium-cli k8s/client.go GetVersion), e.g.
// `version.Info{Major:"1", Minor:"29", GitVersion:"v1.29.2", GitCommit:"…", Platform:"linux/amd64"}`.
// The legacy Python sysdump wrote `kubectl version` output as `k8s-version-info-<ts>.txt`.
import type { Diagnostic } from '../model/common.js';
import { excerptOf } from '../model/common.js';
import type { K8sVersion } from '../model/k8s.js';
import { defineParser } from './define.js';
import { TS } from './util/k8s.js';
import { isNoise, LineAccount, splitLines } from './util/text.js';

export const k8sVersion = defineParser<K8sVersion>({
  id: 'k8s-version',
  scope: 'root',
  format: 'text',
  preference: 10,
  files: [new RegExp(`^k8s-version-${TS}\\.txt$`), new RegExp(`^k8s-version-info-${TS}\\.txt$`)],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const lines = splitLines(text);
    const account = new LineAccount(lines);
    // The server's version: the Go form has one; `kubectl version` prints the client first, then `Server Version`.
    const i = Math.max(lines.findIndex((l) => /Server Version/i.test(l)), lines.findIndex((l) => /GitVersion:"/.test(l) || /^version\.Info\{/.test(l)));
    const line = lines[i] ?? '';
    const field = (name: string) => new RegExp(`${name}:"([^"]*)"`).exec(line)?.[1] ?? null;
    const gitVersion = field('GitVersion') ?? /Server Version:\s*(v\S+)/.exec(line)?.[1] ?? null;
    if (i < 0 || !gitVersion) {
      diagnostics.push({ file, line: null, level: 'error', message: 'Missing Kubernetes version: expected `version.Info{…GitVersion:"v1.x.y"…}`' });
      return account.none(diagnostics);
    }
    lines.forEach((l, j) => {
      // kubectl prints the client, Kustomize and server versions and, on skew, a warning line.
      if (j === i || /^(Client Version|Kustomize Version|Server Version|WARNING):/.test(l) || /^version\.Info\{/.test(l)) account.take(j + 1);
      else if (!isNoise(l)) diagnostics.push({ file, line: j + 1, level: 'warning', message: `Unknown version line "${excerptOf(l.trim(), 0, 80)}"` });
    });
    return account.result(
      { src: { file, line: i + 1 }, excerpt: excerptOf(line), major: field('Major'), minor: field('Minor'), gitVersion, platform: field('Platform') },
      diagnostics,
    );
  },
});
