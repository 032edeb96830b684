#!/usr/bin/env bash
# Builds the three milotune images from this checkout, tagged with the project version (pom.xml):
#   milotune             orchestrator, and the CPU worker (MILOTUNE_ROLE=worker); PostgreSQL build
#   milotune-fetch       `milotune fetch` for the job that fills the datasets volume
#   milotune-worker-gpu  worker on a CUDA 12.8 libtorch (needs the milotune image of the same tag)
#
# Usage: docker/build.sh [--registry REGISTRY] [--tag TAG] [--no-gpu] [--push] [--dry-run]
#   --registry  prefix of the image names, e.g. registry.example.com/milotune (default: none)
#   --tag       image tag (default: the project version); never `latest`
#   --no-gpu    skip the GPU worker (its base image is about 3 GB)
#   --push      push the images after building them
#   --dry-run   print the docker commands instead of running them
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

registry=""
tag=""
gpu=true
push=false
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry="${2:?--registry needs a value}"; shift 2 ;;
    --tag) tag="${2:?--tag needs a value}"; shift 2 ;;
    --no-gpu) gpu=false; shift ;;
    --push) push=true; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$tag" ]; then
  # The project's version: the <version> that follows <artifactId>milotune</artifactId> in pom.xml.
  tag="$(sed -n '/<artifactId>milotune<\/artifactId>/,/<\/version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
fi
if [ -z "$tag" ] || [ "$tag" = "latest" ]; then
  echo "image tag is '${tag}': name a version with --tag (never latest)" >&2
  exit 2
fi

prefix="${registry:+${registry%/}/}"
app="${prefix}milotune:${tag}"
fetch="${prefix}milotune-fetch:${tag}"
gpu_worker="${prefix}milotune-worker-gpu:${tag}"

run() {
  if [ "$dry_run" = true ]; then
    printf '%s\n' "$*"
  else
    (cd "$root" && "$@")
  fi
}

run docker build -f docker/Dockerfile --build-arg DB_KIND=postgresql -t "$app" .
run docker build -f docker/Dockerfile --build-arg DB_KIND=postgresql --target fetch -t "$fetch" .
images=("$app" "$fetch")
if [ "$gpu" = true ]; then
  run docker build -f docker/Dockerfile.worker-gpu --build-arg "APP_IMAGE=$app" -t "$gpu_worker" .
  images+=("$gpu_worker")
fi
if [ "$push" = true ]; then
  for image in "${images[@]}"; do
    run docker push "$image"
  done
fi
