import type { DiffJson } from './schema.js';
import type { FailOn } from '../render/exit-code.js';
import { renderDiffHtml, renderDiffJson, renderDiffJunit, renderDiffMarkdown } from './render.js';

export { diffReports, worsened } from './compare.js';
export { DIFF_SCHEMA_VERSION, type DiffJson, DiffJsonSchema } from './schema.js';
export { renderDiffHtml, renderDiffJson, renderDiffJunit, renderDiffMarkdown } from './render.js';

export type DiffFormatName = 'html' | 'md' | 'json' | 'junit';

/** The diff's renderers by `--format` name, and the files the CLI writes. */
export const DIFF_FORMATS: Record<DiffFormatName, { file: string; render: (d: DiffJson, options?: { failOn?: FailOn }) => string }> = {
  html: { file: 'diff.html', render: (d) => renderDiffHtml(d) },
  md: { file: 'diff.md', render: (d) => renderDiffMarkdown(d) },
  json: { file: 'diff.json', render: (d) => renderDiffJson(d) },
  junit: { file: 'diff-junit.xml', render: (d, o = {}) => renderDiffJunit(d, o) },
};
