// Writes a Brotli (.br) and a gzip (.gz) copy next to every text and WASM file of the built
// site, so the server sends them precompressed (tower-http ServeDir) instead of compressing
// the same bytes on every request. `--fast` trades size for build time (debug builds).
//   node scripts/compress-site.mjs target/site [--fast]
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [root, mode] = process.argv.slice(2);
const fast = mode === '--fast';
const compressible = /\.(js|mjs|css|wasm|svg|json|txt|html|xml|webmanifest)$/;

// A finished build folder (pkg/<16 hex digits>, see build-site.sh) was compressed when built.
const finishedBuild = /^[0-9a-f]{16}$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!finishedBuild.test(name)) yield* files(path);
    } else if (compressible.test(name)) yield path;
  }
}

let before = 0;
let after = 0;
for (const path of files(root)) {
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: fast ? 5 : 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  writeFileSync(`${path}.br`, br);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: fast ? 6 : 9 }));
  before += bytes.length;
  after += br.length;
}
console.log(`compressed ${Math.round(before / 1024)} KiB of site files to ${Math.round(after / 1024)} KiB (brotli)`);
