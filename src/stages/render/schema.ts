import { z } from 'zod';
import { REPORT_SCHEMA_VERSION, ReportJsonSchema } from '../../model/report.js';

/** The JSON Schema of report.json, generated from the zod schema the JSON renderer validates with. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: `urn:cilium-report:report:v${REPORT_SCHEMA_VERSION}`,
    title: 'cilium-report report.json',
    ...(z.toJSONSchema(ReportJsonSchema, { target: 'draft-2020-12' }) as Record<string, unknown>),
  };
}
