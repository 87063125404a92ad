// npm run build:single: the whole CLI as one ES module that runs with plain `node` and no npm install, for
// machines where cloning and installing is not an option (and for the GitHub Action and the container image).
// esbuild bundles src/ and its dependencies; the templates, the stylesheet, the report's script and the version
// that src/ reads from disk at run time are inlined at build time. Usage: node scripts/build-single.mjs [--out file]
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = process.argv.indexOf('--out');
const outfile = at > 0 ? process.argv[at + 1] : `${root}build/cilium-report.mjs`;
const version = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
// Every file of templates/ (src/assets.ts names the ones read at run time).
const assets = Object.fromEntries(readdirSync(`${root}templates`).map((name) => [name, readFileSync(`${root}templates/${name}`, 'utf8')]));

/** Replaces the two modules that read files next to the code with modules that hold their content. */
const inline = {
  name: 'inline-assets',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]assets\.ts$/ }, () => ({
      contents: `const ASSETS = ${JSON.stringify(assets)};\nexport function asset(name) { return ASSETS[name]; }\n`,
      loader: 'js',
    }));
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({ contents: `export const VERSION = ${JSON.stringify(version)};\n`, loader: 'js' }));
  },
};

await build({
  entryPoints: [`${root}scripts/cli.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'eof',
  // The bundled CommonJS dependencies (handlebars) call require() for Node's own modules.
  banner: { js: `#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);` },
  plugins: [inline],
  logLevel: 'warning',
});
process.stdout.write(`wrote ${outfile}\n`);
