#!/usr/bin/env bash
# Checks that each patched dependency in vendor/ (vendor/README.md) is exactly the published
# crate plus its patch file, so nothing else in the copy can drift from the release it names.
source "$(dirname "$0")/lib.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for copy in vendor/*/; do
  name="$(basename "$copy")"
  version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$copy/Cargo.toml" | head -n 1)"
  # A throwaway package that depends on the published release, so cargo fetches it from the
  # configured registry (the workspace's [patch] would hide it).
  mkdir -p "$work/$name-probe/src"
  : > "$work/$name-probe/src/lib.rs"
  printf '[package]\nname = "probe"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n%s = "=%s"\n' \
    "$name" "$version" > "$work/$name-probe/Cargo.toml"
  published="$(cargo metadata --quiet --format-version 1 --manifest-path "$work/$name-probe/Cargo.toml" |
    python3 -c 'import json, os, sys; name = sys.argv[1]; print(next(os.path.dirname(p["manifest_path"]) for p in json.load(sys.stdin)["packages"] if p["name"] == name))' "$name")"
  cp -r "$published" "$work/$name"
  (cd "$work/$name" && git apply -p1 "$ROOT/vendor/$name.patch")
  diff -r -x .cargo-ok "$work/$name" "$copy" || die "vendor/$name differs from $name $version plus vendor/$name.patch"
done
log "vendored crates match their releases plus their patches"
