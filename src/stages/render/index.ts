import type { Report } from '../../model/report.js';
import { renderJson } from './json.js';

export interface RenderOptions {
  /** Markdown: do not trim to fit a GitHub comment. */
  mdFull?: boolean;
}

export interface Format {
  /** File name the CLI writes. */
  file: string;
  description: string;
  /** Pure: report in, text out (in chunks, since report.json can be large). */
  render(report: Report, options: RenderOptions): Iterable<string>;
}

export type FormatName = 'json';

/** The renderers by format name, as `--format` takes them. */
export const FORMATS: Record<FormatName, Format> = {
  json: { file: 'report.json', description: 'report.json per the contract, for triage automation', render: (r) => renderJson(r) },
};

export { exitCode, EXIT, type FailOn } from './exit-code.js';
export { renderJson, toReportJson, probesOf } from './json.js';
