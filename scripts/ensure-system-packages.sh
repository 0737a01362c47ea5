#!/usr/bin/env bash
# Installs the Debian packages the test suite runs for real: OpenStack Swift with s3api and
# memcached (S3), PostgreSQL 15 with pgaudit and MariaDB with server_audit (real engine logs),
# boto3 (an AWS client we did not write, to check the emulator's wire format), Chromium (to
# check the action's job summary as a browser shows it), tmux (a real terminal for the CLI's
# progress bars), and GNU time (peak memory of a whole process).
# It installs only what is missing, and only as root with apt. Elsewhere it says what is missing;
# the tests that need a missing service then fail under CI=true and are skipped, with the reason,
# on a developer machine.
set -euo pipefail

packages=(swift swift-proxy swift-account swift-container swift-object memcached
  postgresql-15 postgresql-15-pgaudit mariadb-server python3-boto3 chromium tmux time)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "ensure-system-packages: missing Debian packages: ${missing[*]}" >&2
  echo "ensure-system-packages: run as root with apt, or: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 0
fi
echo "ensure-system-packages: installing ${missing[*]} (once per machine)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "ensure-system-packages: done"
