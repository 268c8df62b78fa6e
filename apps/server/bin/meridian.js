#!/usr/bin/env node
// The `meridian` command: runs the compiled CLI. Build first with `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  console.error('meridian: not built yet; run `npm run build` in the repository first');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
