#!/usr/bin/env bash
# Builds what the browser loads into $LEPTOS_SITE_ROOT (default target/site):
# Tailwind CSS from style/, the hydration WASM + JS glue from frontend/, and public/ files.
#   scripts/build-site.sh            debug WASM (fast to build)
#   scripts/build-site.sh --release  size-optimised WASM (wasm-release profile + wasm-opt)
source "$(dirname "$0")/lib.sh"

profile=dev
[ "${1:-}" = "--release" ] && profile=wasm-release
pkg="$LEPTOS_SITE_ROOT/pkg"
mkdir -p "$pkg"

log "copying public/"
cp -R public/. "$LEPTOS_SITE_ROOT/"

log "building CSS (Tailwind)"
node_modules/.bin/tailwindcss --input style/main.css --output "$pkg/webrana.css" --minify 2>/dev/null

log "building WASM ($profile)"
cargo build --package frontend --lib --target wasm32-unknown-unknown --profile "$profile"
out_dir="$([ "$profile" = dev ] && echo debug || echo "$profile")"
wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name webrana \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/$out_dir/frontend.wasm"
# Leptos loads <output-name>.wasm when LEPTOS_OUTPUT_NAME was set at compile time.
mv "$pkg/webrana_bg.wasm" "$pkg/webrana.wasm"

if [ "$profile" = wasm-release ]; then
  log "optimising WASM (wasm-opt -Oz)"
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    "$pkg/webrana.wasm" -o "$pkg/webrana.wasm"
fi

log "precompressing site files (Brotli and gzip)"
node scripts/compress-site.mjs "$LEPTOS_SITE_ROOT" $([ "$profile" = dev ] && echo --fast)

raw=$(stat -c %s "$pkg/webrana.wasm")
br=$(stat -c %s "$pkg/webrana.wasm.br")
log "site ready in $LEPTOS_SITE_ROOT (webrana.wasm: $((raw / 1024)) KiB raw, $((br / 1024)) KiB Brotli)"
