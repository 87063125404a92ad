import { z } from 'zod';
import { REPORT_SCHEMA_VERSION, ReportJsonSchema } from '../../model/report.js';

/**
 * The JSON Schema of report.json, generated from the zod schema the JSON renderer validates with. zod closes
 * every object (`additionalProperties: false`); the contract lets later releases of the same schemaVersion add
 * fields, so the published schema leaves objects open: a report from a newer release still validates.
 */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: `urn:cilium-report:report:v${REPORT_SCHEMA_VERSION}`,
    title: 'cilium-report report.json',
    ...(openObjects(z.toJSONSchema(ReportJsonSchema, { target: 'draft-2020-12' })) as Record<string, unknown>),
  };
}

/** A copy of a JSON Schema without `additionalProperties: false` anywhere in it. */
function openObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    out[key] = openObjects(value);
  }
  return out;
}
