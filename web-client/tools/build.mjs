#!/usr/bin/env node
// Bundles the dialer page into static assets: `node tools/build.mjs [outdir]` (default dist/).
// The Maven build writes them to target/classes/static, which the service serves at `/`.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'dist'));
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(root, 'src/page/dialer.js')],
  outfile: join(out, 'dialer.js'),
  bundle: true,
  format: 'esm',
  target: ['chrome111', 'firefox111', 'safari16.4'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
});
for (const file of ['index.html', 'dialer.css']) await copyFile(join(root, 'src/page', file), join(out, file));
console.log(`built the dialer into ${out}`);
