#!/usr/bin/env node
// `npx maskscope check FILE...`: runs the CLI built into dist/node by `npm run build:node`
// (npm install and npm ci run it through the prepare script).
import { existsSync } from 'node:fs';

const built = new URL('../dist/node/node.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('maskscope: the CLI is not built yet; run `npm run build:node` first.\n');
  process.exit(2);
}
const { runCli } = await import(built.href);
process.exitCode = await runCli(process.argv.slice(2));
