#!/usr/bin/env bash
# Runs the whole test suite: domain unit tests, storage and API tests against Azurite, the Durable workflow on the
# Azure Storage backend, the host contract test and the browser tests in headless Chromium.
# Starts its own Azurite on a fresh data folder (installing it from npm if needed) and stops it afterwards.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The Azure infrastructure must compile with no errors or warnings (R-10.1).
"$root/eng/bicep.sh"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Chromium from Debian for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "The browser tests need Debian's chromium (/usr/bin/chromium): sudo apt-get install chromium" >&2
    exit 1
  fi
fi

data="$(mktemp -d)"
started_here=0
if ! (exec 3<>/dev/tcp/127.0.0.1/10002) 2>/dev/null; then
  AZURITE_IN_MEMORY=1 "$root/eng/azurite.sh" start "$data"
  started_here=1
fi
cleanup() {
  if [ "$started_here" = "1" ]; then "$root/eng/azurite.sh" stop "$data"; fi
  rm -rf "$data"
}
trap cleanup EXIT

dotnet test "$root/EvalFunctions.sln" -c Release "$@"
