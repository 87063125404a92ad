// Runs the CLI from the TypeScript sources, without a build: `node --import tsx scripts/cli.ts <bundle> …`.
import { main } from '../src/cli.js';

process.exitCode = await main(process.argv.slice(2));
