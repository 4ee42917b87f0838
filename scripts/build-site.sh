#!/usr/bin/env bash
# Builds what the browser loads into $LEPTOS_SITE_ROOT (default target/site):
# Tailwind CSS from style/, the hydration WASM + JS glue from frontend/, and public/ files.
#   scripts/build-site.sh            debug WASM (fast to build)
#   scripts/build-site.sh --release  size-optimised WASM (wasm-release profile + binaryen -Oz)
source "$(dirname "$0")/lib.sh"

profile=dev
[ "${1:-}" = "--release" ] && profile=wasm-release
# Built in a staging folder, then moved to pkg/<hash of its files>/ and named in pkg/current:
# every asset address changes with its content, so the server lets browsers keep them for a
# year (Cache-Control: immutable), and a page never mixes files of two builds.
pkg="$LEPTOS_SITE_ROOT/pkg/.next"
rm -rf "$pkg"
mkdir -p "$pkg"

log "copying public/"
cp -R public/. "$LEPTOS_SITE_ROOT/"

log "building CSS (Tailwind)"
node_modules/.bin/tailwindcss --input style/main.css --output "$pkg/webrana.css" --minify 2>/dev/null

log "building WASM ($profile)"
# --emit-relocs on the final link only (`cargo rustc`, so dependencies keep their build):
# the split step below needs the relocations to cut the module apart.
cargo rustc --package frontend --lib --target wasm32-unknown-unknown --profile "$profile" \
  -- -Clink-args=--emit-relocs
out_dir="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$([ "$profile" = dev ] && echo debug || echo "$profile")"

log "splitting WASM into lazily loaded chunks"
# Every page in app/src/shell/lazy_pages.rs becomes a chunk of its own; the main module
# goes on to wasm-bindgen.
cargo build --quiet --package wasm-split-site
"$CARGO_TARGET_DIR/debug/wasm-split-site" "$out_dir/frontend.wasm" "$pkg" webrana "$out_dir/frontend_split.wasm" >/dev/null
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle --out-dir "$pkg" --out-name webrana \
  "$out_dir/frontend_split.wasm"
# Leptos loads <output-name>.wasm when LEPTOS_OUTPUT_NAME was set at compile time.
mv "$pkg/webrana_bg.wasm" "$pkg/webrana.wasm"

if [ "$profile" = wasm-release ]; then
  log "optimising WASM (binaryen -Oz, the main module and every chunk)"
  node scripts/optimize-wasm.mjs "$pkg"
fi

log "precompressing site files (Brotli and gzip)"
node scripts/compress-site.mjs "$LEPTOS_SITE_ROOT" $([ "$profile" = dev ] && echo --fast)

# 16 hex digits: what the server takes for a build's folder (server/src/caching.rs,
# is_build_version).
version="$(cd "$pkg" && find . -type f ! -name '*.br' ! -name '*.gz' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)"
rm -rf "${LEPTOS_SITE_ROOT:?}/pkg/$version"
mv "$pkg" "$LEPTOS_SITE_ROOT/pkg/$version"
previous="$(cat "$LEPTOS_SITE_ROOT/pkg/current" 2>/dev/null || true)"
printf '%s\n' "$version" >"$LEPTOS_SITE_ROOT/pkg/current"
# The build before stays, for pages a browser loaded before a server restart; older ones go.
find "$LEPTOS_SITE_ROOT/pkg" -maxdepth 1 -type f ! -name current -delete
for old in "$LEPTOS_SITE_ROOT"/pkg/*/; do
  name="$(basename "$old")"
  [ "$name" = "$version" ] || [ "$name" = "$previous" ] || rm -rf "$old"
done
pkg="$LEPTOS_SITE_ROOT/pkg/$version"

raw=$(stat -c %s "$pkg/webrana.wasm")
br=$(stat -c %s "$pkg/webrana.wasm.br")
log "site ready in $pkg (webrana.wasm: $((raw / 1024)) KiB raw, $((br / 1024)) KiB Brotli)"
