# salesops: the API server with the browser app, one image.
# Build: docker build -t salesops .   (docker-compose.yml does this)

FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev && rm -rf /var/lib/apt/lists/*
RUN rustup target add wasm32-unknown-unknown
WORKDIR /src
COPY . .
# The browser app (wasm, via the xtask; no downloads beyond crates.io), then the server.
RUN cargo xtask web && cargo build --release -p salesops

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /data salesops \
    && mkdir -p /data && chown salesops /data
COPY --from=build /src/target/release/salesops /usr/local/bin/salesops
COPY --from=build /src/dist /app/dist
ENV SALESOPS_BIND=0.0.0.0:8080 \
    SALESOPS_WEB_DIR=/app/dist \
    SALESOPS_DATA_DIR=/data \
    SALESOPS_LOG_FORMAT=json
USER salesops
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["/usr/local/bin/salesops"]
CMD ["serve"]
