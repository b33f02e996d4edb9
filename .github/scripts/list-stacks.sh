#!/usr/bin/env bash
# Prints "stacks=<JSON array>" for $GITHUB_OUTPUT: the stacks of this project,
# one per Pulumi.<stack>.yaml next to Pulumi.yaml, sorted. Every workflow's
# matrix comes from here, so adding or removing a stack file is all it takes.
# Fails when there is no stack file or a name is not a plain stack name (the
# names end up in job names, environment names and shell arguments).
set -euo pipefail
cd "$(dirname "$0")/../.."
shopt -s nullglob
stacks=()
for f in Pulumi.*.yaml; do
  s=${f#Pulumi.}
  s=${s%.yaml}
  if [[ ! $s =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]]; then
    echo "::error file=$f::stack name '$s' is not letters, digits, '_', '.' and '-'" >&2
    exit 1
  fi
  stacks+=("$s")
done
if [ ${#stacks[@]} -eq 0 ]; then
  echo "::error::no Pulumi.<stack>.yaml found" >&2
  exit 1
fi
json=$(printf '%s\n' "${stacks[@]}" | LC_ALL=C sort | jq -R . | jq -cs .)
echo "stacks=$json"
