#!/usr/bin/env bash
# Starts the compose stack (compose.yaml) with one command: makes the secrets on first run
# (deploy/secrets/, never committed; .env for the values compose puts in the environment),
# then builds the image and starts everything. docs/DEPLOY.md explains what runs where.
#   deploy/up.sh                 build and start; http://localhost:8080
#   deploy/up.sh logs -f app-1   any other docker compose command, with the same files
set -euo pipefail
cd "$(dirname "$0")/.."
command -v docker >/dev/null || { echo "Docker with the compose plugin is needed" >&2; exit 1; }

random() { head -c 32 /dev/urandom | base64 | tr -d '\n'; }
umask 077
mkdir -p deploy/secrets
[ -s deploy/secrets/secret_key ] || random > deploy/secrets/secret_key
[ -s deploy/secrets/metrics_token ] || random | tr -d '/+=' > deploy/secrets/metrics_token
[ -s deploy/secrets/grafana_password ] || random | tr -d '/+=' > deploy/secrets/grafana_password
[ -s deploy/secrets/postgres_password ] || random | tr -d '/+=' > deploy/secrets/postgres_password
# The app and PostgreSQL take these from the environment; compose reads .env.
cat > .env <<ENV
POSTGRES_PASSWORD=$(cat deploy/secrets/postgres_password)
WEBRANA_METRICS_TOKEN=$(cat deploy/secrets/metrics_token)
ENV

if [ $# -gt 0 ]; then
  exec docker compose "$@"
fi
docker compose up --build --detach
echo "WeBrana Cloud: http://localhost:${WEBRANA_PORT:-8080}  Grafana: http://127.0.0.1:3001 (admin, deploy/secrets/grafana_password)  Prometheus: http://127.0.0.1:9090"
echo "First administrator: deploy/up.sh exec app-1 webrana create-admin --email you@example.com --name 'Your Name'"
