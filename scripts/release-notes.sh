#!/usr/bin/env bash
# Prints the notes of one release: the section `## VERSION` of the changelog that
# `npx changeset version` writes (packages/cli/CHANGELOG.md unless a second argument names
# another), up to the next `## ` heading. release.yml makes them the GitHub release's notes.
# Fails, saying so, when the changelog has no such section or it is empty.
set -euo pipefail
version="${1:?usage: release-notes.sh VERSION [CHANGELOG]}"
changelog="${2:-$(dirname "$0")/../packages/cli/CHANGELOG.md}"
notes="$(awk -v heading="## $version" '$0 == heading { found = 1; next } found && /^## / { exit } found' "$changelog")"
if [ -z "${notes//[[:space:]]/}" ]; then
  echo "release-notes: $changelog has no section \"## $version\"; run \`npx changeset version\` before tagging" >&2
  exit 1
fi
# Without the blank lines around the section.
notes="${notes#"${notes%%[![:space:]]*}"}"
printf '%s\n' "$notes"
