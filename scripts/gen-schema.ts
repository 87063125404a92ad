// Writes report.schema.json, the JSON Schema of report.json, from the zod schema that validates it before it is
// written. A test fails when the committed file is stale: `node --import tsx scripts/gen-schema.ts`.
import { writeFileSync } from 'node:fs';
import { reportJsonSchema } from '../src/stages/render/schema.js';

writeFileSync(new URL('../report.schema.json', import.meta.url), `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
process.stdout.write('wrote report.schema.json\n');
