// Optimises every .wasm file in a folder for size, like `wasm-opt -Oz` with the features
// Rust's wasm32 target emits, in one process: the split build has hundreds of chunks, and
// starting binaryen's wasm-opt once per file cost minutes on its own.
//   node scripts/optimize-wasm.mjs FOLDER
import binaryen from 'binaryen';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node scripts/optimize-wasm.mjs FOLDER');
  process.exit(2);
}
const F = binaryen.Features;
const features = F.MVP | F.BulkMemory | F.BulkMemoryOpt | F.NontrappingFPToInt | F.SignExt | F.MutableGlobals | F.ReferenceTypes;
binaryen.setOptimizeLevel(2);
binaryen.setShrinkLevel(2);
binaryen.setDebugInfo(false);

let before = 0;
let after = 0;
const files = readdirSync(folder).filter((name) => name.endsWith('.wasm'));
for (const name of files) {
  const path = join(folder, name);
  const input = readFileSync(path);
  const module = binaryen.readBinary(new Uint8Array(input));
  module.setFeatures(features);
  module.optimize();
  const output = module.emitBinary();
  module.dispose();
  writeFileSync(path, output);
  before += input.length;
  after += output.length;
}
console.log(`optimised ${files.length} WASM files: ${before >> 10} KiB -> ${after >> 10} KiB`);
