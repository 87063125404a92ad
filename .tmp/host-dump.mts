import { normalise } from '/work/wt-host/src/stages/normalise/index.js';
import { openBundle } from '/work/wt-host/src/stages/unpack/index.js';
const fs = await openBundle(process.argv[2] as string);
const { bundle } = await normalise(fs);
await fs.close();
const a = bundle.agents[0];
console.log(JSON.stringify({ ...a?.host, sysctls: a?.host.sysctls ? { ...a.host.sysctls, values: Object.keys(a.host.sysctls.values) } : null }, null, 1));
console.log(bundle.ledger.filter((l) => l.status !== 'parsed').map((l) => `${l.status} ${l.path}`).join('\n'));
