#!/usr/bin/env bash
# Fails if the browser (hydrate) build contains a crate that is not on the allow-list
# (scripts/wasm-allowed-crates.txt). Proc-macro crates run at build time only and are not
# counted. An allow-list rather than a deny-list: a server-only crate nobody thought of
# (reqwest, rand, pdf-writer …) cannot slip into the WASM unnoticed.
source "$(dirname "$0")/lib.sh"

in_build="$(cargo tree --locked -p frontend --target wasm32-unknown-unknown -e normal,no-proc-macro --prefix none \
  | awk '{print $1}' | sort -u)"
allowed="$(grep -v '^#' scripts/wasm-allowed-crates.txt | sed '/^$/d' | sort -u)"
unexpected="$(comm -23 <(echo "$in_build") <(echo "$allowed"))"
if [ -n "$unexpected" ]; then
  die "crates in the WASM build that are not on scripts/wasm-allowed-crates.txt: $(echo $unexpected)"
fi
unused="$(comm -13 <(echo "$in_build") <(echo "$allowed"))"
[ -z "$unused" ] || log "allowed but no longer in the WASM build (may be removed from the list): $(echo $unused)"
log "WASM dependency tree: $(echo "$in_build" | wc -l) crates, all on the allow-list"
