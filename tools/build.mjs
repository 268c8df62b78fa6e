// Builds what `npm start` and `npm test` need: the TypeScript projects (incremental, via
// `tsc -b`) and the web app (only when its sources are newer than the last build).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return latest;
}

run(bin('tsc'), ['-b', 'packages/contracts', 'apps/server']);

const web = path.join(root, 'apps/web');
const webIndex = path.join(web, 'dist/index.html');
const webStale =
  !existsSync(webIndex) ||
  Math.max(newest(web), newest(path.join(root, 'packages/contracts/src'))) >
    statSync(webIndex).mtimeMs;
if (webStale || process.argv.includes('--force')) {
  run(bin('vite'), ['build', '--logLevel', 'warn'], web);
}
