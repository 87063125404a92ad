import type { Report } from '../../model/report.js';
import type { FailOn } from './exit-code.js';
import { renderHtml } from './html.js';
import { renderJsonChunks } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';

export interface RenderOptions {
  /** Markdown: do not trim to fit a GitHub comment. */
  mdFull?: boolean;
  /** JUnit: findings at or above this level are failures; below it they are reported without failing (default `error`). */
  failOn?: FailOn;
}

export interface Format {
  /** File name the CLI writes. */
  file: string;
  description: string;
  /** Pure: report in, text out (in chunks, since report.json can be large). */
  render(report: Report, options?: RenderOptions): Iterable<string>;
}

export type FormatName = 'html' | 'md' | 'json' | 'junit';

/** The renderers by format name, as `--format` takes them. */
export const FORMATS: Record<FormatName, Format> = {
  html: { file: 'report.html', description: 'one self-contained page: verdict, findings with evidence, health matrix, nodes', render: (r) => [renderHtml(r)] },
  md: { file: 'report.md', description: 'GitHub-flavoured Markdown for postmortems, trimmed to fit a PR comment', render: (r, o = {}) => [renderMarkdown(r, { full: o.mdFull ?? false })] },
  json: { file: 'report.json', description: 'report.json per the contract, for triage automation', render: (r) => renderJsonChunks(r) },
  junit: { file: 'junit.xml', description: 'JUnit XML, one testcase per check', render: (r, o = {}) => [renderJunit(r, o.failOn ? { failOn: o.failOn } : {})] },
};

export { exitCode, EXIT, type FailOn } from './exit-code.js';
export { jsonSafe, lookAlikes, skeleton, terminalSafe, visible, visibleDeep } from './sanitise.js';
export { renderJson, renderJsonChunks, toReportJson, probesOf } from './json.js';
export { renderHtml } from './html.js';
export { renderMarkdown } from './markdown.js';
export { renderJunit } from './junit.js';
