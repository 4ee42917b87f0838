# WeBrana Cloud as one image: the `webrana` binary and the built site, on Debian slim, run as
# an unprivileged user. Built with the project's own scripts, so the image holds exactly what
# `scripts/run.sh` runs. Linted with hadolint in the test command (scripts/check-deploy.sh);
# docs/DEPLOY.md starts it with the rest of the stack (compose.yaml).
#   docker build -t webrana .

# ---- build: Rust, the wasm32 target, wasm-bindgen and the npm tools (scripts/setup.sh) ----
FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Build output outside the source tree the COPY below replaces.
ENV CARGO_TARGET_DIR=/cargo-target
COPY . .
RUN scripts/setup.sh \
 && scripts/build-site.sh --release \
 && cargo build --locked --release -p server \
 && install -m 0755 /cargo-target/release/webrana /usr/local/bin/webrana

# ---- run: the binary, the site, curl for the health check, the PostgreSQL client tools for
# `webrana backup`/`restore` (pg_dump 15: the server must not be newer), nothing else ----
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 webrana \
 && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /var/lib/webrana webrana \
 && install -d -o webrana -g webrana /var/lib/webrana/backups
COPY --from=build /usr/local/bin/webrana /usr/local/bin/webrana
COPY --from=build /src/target/site /srv/webrana/site
# The SQLite default (data/webrana.db) and the sealing key file (data/secret.key) land in the
# user's home; set DATABASE_URL and WEBRANA_SECRET_KEY(_FILE) for PostgreSQL and several
# instances (docs/CONFIGURATION.md).
ENV LEPTOS_SITE_ROOT=/srv/webrana/site \
    LEPTOS_SITE_ADDR=0.0.0.0:3000 \
    WEBRANA_LOG_FORMAT=json
WORKDIR /var/lib/webrana
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:3000/health"]
ENTRYPOINT ["webrana"]
CMD ["serve"]
