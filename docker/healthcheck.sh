#!/usr/bin/env bash
# Container health check without curl or wget: GET a Quarkus health endpoint on the local HTTP port
# over bash's /dev/tcp and succeed on status 200. Usage: healthcheck.sh [PATH] (default /q/health/ready).
set -euo pipefail
path="${1:-/q/health/ready}"
port="${QUARKUS_HTTP_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS=' ' read -r _ status _ <&3
[[ "$status" == "200" ]]
