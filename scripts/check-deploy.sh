#!/usr/bin/env bash
# Checks the deployment files (issue 23; docs/DEPLOY.md): the Dockerfile with hadolint
# (.hadolint.yaml), compose.yaml against the Compose JSON schema, the Prometheus
# configuration and alert rules with promtool and the alerts' unit tests
# (deploy/prometheus/alerts.test.yml), every query of the Grafana dashboards (promtool
# parses them as rules), and each Kubernetes overlay rendered with kustomize and every
# object validated against the Kubernetes schemas (strict: no unknown fields). Any finding fails it. Tools: scripts/setup.sh --test.
source "$(dirname "$0")/lib.sh"
command -v promtool >/dev/null || die "promtool is missing (scripts/setup.sh --test installs Debian's prometheus)"
[ -x "$DEPLOY_VENV/bin/hadolint" ] || die "the deployment linters are missing (scripts/setup.sh --test)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$DEPLOY_VENV/bin/hadolint" Dockerfile
"$DEPLOY_VENV/bin/check-jsonschema" --schemafile "$DEPLOY_VENV/compose_spec.json" compose.yaml

# The configuration names the metrics token as a secret file of the container; promtool
# wants it to exist, so check a copy that points at a stand-in.
cp deploy/prometheus/*.yml "$work/"
echo stand-in-token > "$work/metrics_token"
sed -i "s|/run/secrets/metrics_token|$work/metrics_token|" "$work/prometheus.yml"
promtool check config "$work/prometheus.yml" >/dev/null
promtool test rules deploy/prometheus/alerts.test.yml

# Each dashboard query as a recording rule: promtool fails on one that does not parse.
python3 - "$work/dashboards.rules.yml" deploy/grafana/dashboards/*.json <<'PY'
import json, sys
rules = []
for path in sys.argv[2:]:
    dashboard = json.load(open(path))
    for panel in dashboard["panels"]:
        assert panel["datasource"]["uid"] == "prometheus", f"{path}: {panel['title']}: not the provisioned data source"
        for target in panel["targets"]:
            rules.append({"record": f"dashboard:{panel['id']}:{target['refId']}", "expr": target["expr"]})
json.dump({"groups": [{"name": "dashboards", "rules": rules}]}, open(sys.argv[1], "w"))
print(f"{len(rules)} dashboard queries", file=sys.stderr)
PY
promtool check rules "$work/dashboards.rules.yml" >/dev/null
for overlay in deploy/k8s/overlays/*/; do
  rendered="$work/$(basename "$overlay").yaml"
  "$DEPLOY_VENV/bin/kubectl" kustomize "$overlay" > "$rendered"
  "$DEPLOY_VENV/bin/kubernetes-validate" --strict --quiet "$rendered"
done
log "deployment files are valid"

# Each check must also fail: a broken copy of each file is refused (a linter that passes
# everything would otherwise go unnoticed).
must_fail() { # WHAT COMMAND…
  local what="$1"
  shift
  if "$@" >/dev/null 2>&1; then die "the check passed a broken file: $what"; fi
}
sed -e 's/^FROM debian:bookworm-slim$/FROM debian:latest/' -e 's/apt-get install -y /apt-get install /' Dockerfile >"$work/Dockerfile"
must_fail "a Dockerfile on :latest without apt-get -y" "$DEPLOY_VENV/bin/hadolint" "$work/Dockerfile"
sed '0,/^  postgres:$/s//  postgres:\n    restart_policy: always/' compose.yaml >"$work/compose.yaml"
must_fail "a compose service with an unknown key" \
  "$DEPLOY_VENV/bin/check-jsonschema" --schemafile "$DEPLOY_VENV/compose_spec.json" "$work/compose.yaml"
sed 's/expr: up{job="webrana"} == 0/expr: up{job="webrana" == 0/' "$work/alerts.yml" >"$work/broken-alerts.yml"
must_fail "an alert rule that does not parse" promtool check rules "$work/broken-alerts.yml"
cp -r deploy/k8s "$work/k8s"
sed -i 's/^  replicas:/  replicaz:/' "$work/k8s/base/deployment.yaml"
"$DEPLOY_VENV/bin/kubectl" kustomize "$work/k8s/overlays/production" >"$work/broken-k8s.yaml"
must_fail "a Deployment with an unknown field" "$DEPLOY_VENV/bin/kubernetes-validate" --strict --quiet "$work/broken-k8s.yaml"
log "and each check refuses a broken copy"
