#!/usr/bin/env bash
# A bounded web-vulnerability scan (wapiti3) of a running instance: crawls what a visitor
# can reach from the home page, attacks every form and query parameter it finds, and fails
# on any high or critical finding. Used by scripts/test.sh against its browser-test server.
#   scripts/scan.sh http://127.0.0.1:3000
# Modules that need the internet (ssrf, takeover, wapp …) or TLS (ssl) are left out: the
# scan runs offline against plain HTTP.
source "$(dirname "$0")/lib.sh"
base="${1:?usage: scripts/scan.sh BASE_URL}"
wapiti="$WAPITI_VENV/bin/wapiti"
[ -x "$wapiti" ] || die "wapiti is not installed (scripts/setup.sh --test)"

report="$(mktemp -d /tmp/webrana-scan.XXXXXX)"
trap 'rm -rf "$report"' EXIT
log "vulnerability scan (wapiti, at most ${SCAN_SECONDS:-150} s of crawling and attacks)"
# Wapiti's own exit status says nothing about findings; the report is checked below.
"$wapiti" -u "$base/" --scope folder --depth 3 --max-links-per-page 30 \
  --max-scan-time "${SCAN_SECONDS:-150}" --max-attack-time 15 --tasks 4 --timeout 10 \
  -m "xss,permanentxss,sql,exec,file,crlf,redirect,xxe,upload,http_headers,csp,cookieflags,methods,csrf" \
  -x "$base/api/auth/logout" \
  --flush-session --store-session "$report/session" -f json -o "$report/report.json" \
  --color -v 0 >"$report/wapiti.log" 2>&1 || { tail -20 "$report/wapiti.log"; die "wapiti did not finish"; }

python3 - "$report/report.json" <<'PY'
import json, sys
# Wapiti's levels: 1 low, 2 medium, 3 high, 4 critical.
names = {1: "low", 2: "medium", 3: "high", 4: "critical"}
report = json.load(open(sys.argv[1]))
found = [(category, item) for category, items in report.get("vulnerabilities", {}).items() for item in items]
found += [(category, item) for category, items in report.get("anomalies", {}).items() for item in items]
crawled = report.get("infos", {}).get("crawled_pages_nbr", "?")
print(f"scanned {crawled} pages; {len(found)} findings")
for category, item in sorted(found, key=lambda f: -f[1].get("level", 0)):
    print(f"  [{names.get(item.get('level'), item.get('level'))}] {category}: {item.get('method')} {item.get('path')} {item.get('parameter') or ''} {item.get('info', '')[:160]}")
serious = [f for f in found if f[1].get("level", 0) >= 3]
sys.exit(f"{len(serious)} high or critical findings" if serious else 0)
PY
