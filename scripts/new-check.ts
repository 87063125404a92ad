// Scaffolds a check (house style 23): `npm run new-check -- --id CR-2004 --slug foo-bar`. Copies the templates,
// registers the check in src/checks/index.ts and the id in src/checks/catalog.ts. The catalog test fails until
// its docs and test cases are filled in.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { id: { type: 'string' }, slug: { type: 'string' } } });
const id = values.id ?? '';
const slug = values.slug ?? '';
if (!/^CR-\d{4}$/.test(id) || !/^[a-z][a-z0-9-]*$/.test(slug)) {
  process.stderr.write('usage: npm run new-check -- --id CR-NNNN --slug kebab-name\n');
  process.exit(2);
}
const root = new URL('../', import.meta.url);
const src = new URL(`src/checks/${slug}.ts`, root);
const test = new URL(`test/checks/${slug}.test.ts`, root);
if (existsSync(src) || existsSync(test)) {
  process.stderr.write(`check "${slug}" exists already\n`);
  process.exit(1);
}
const fill = (name: string) => readFileSync(new URL(`scripts/templates/${name}`, root), 'utf8').replaceAll('__ID__', id).replaceAll('__SLUG__', slug);
writeFileSync(src, fill('check.ts.tmpl'));
writeFileSync(test, fill('check.test.ts.tmpl'));

const camel = slug.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const indexUrl = new URL('src/checks/index.ts', root);
let index = readFileSync(indexUrl, 'utf8');
index = index.replace(/(\nimport type)/, `\nimport ${camel} from './${slug}.js';$1`);
index = index.replace(/(export const CHECKS[^=]*= \[)([^\]]*)\]/s, (_m, head: string, body: string) => `${head}${body.trimEnd() ? `${body.trimEnd()}\n  ` : '\n  '}${camel},\n]`);
writeFileSync(indexUrl, index);

const catalogUrl = new URL('src/checks/catalog.ts', root);
const catalog = readFileSync(catalogUrl, 'utf8');
if (!catalog.includes(`'${slug}'`)) writeFileSync(catalogUrl, catalog.replace(/\n\} as const/, `\n  '${slug}': '${id}',\n} as const`));
process.stdout.write(`created src/checks/${slug}.ts and test/checks/${slug}.test.ts; registered ${camel}\n`);
