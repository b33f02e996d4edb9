#!/usr/bin/env bash
# Prints the path of a Pulumi CLI built from tools/pulumi-cli (the version its
# go.mod requires), building it only when the cache lacks that version. The
# cache lives beside the Go build cache, which this machine keeps between runs,
# so a warm CI run costs nothing here; a cold build takes about 5 minutes on
# 2 cores. Override the cache folder with PRIVATEAKS_PULUMI_CACHE.
#
#   PULUMI=$(scripts/pulumi-cli.sh)      # build if needed, print the path
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/tools/pulumi-cli"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"

version=$(cd "$tools" && go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)
cache="${PRIVATEAKS_PULUMI_CACHE:-$(go env GOCACHE)/../privateaks-pulumi}"
bin="$cache/$version/pulumi"
if [ -x "$bin" ] && "$bin" version >/dev/null 2>&1; then
  echo "$bin"; exit 0
fi

mkdir -p "$cache/$version"
start=$(date +%s)
echo "pulumi-cli: building pulumi $version (not in $cache)" >&2
(cd "$tools" && go build -o "$bin.tmp" \
  -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
  github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
mv "$bin.tmp" "$bin"
echo "pulumi-cli: built $("$bin" version) in $(( $(date +%s) - start ))s: $bin" >&2
echo "$bin"
