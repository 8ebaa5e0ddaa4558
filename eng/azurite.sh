#!/usr/bin/env bash
# Azurite, the Azure Storage emulator, for the local host and the tests.
#   eng/azurite.sh start [data-dir]   install it (npm, pinned in eng/azurite) if needed, start it if not running
#   eng/azurite.sh stop               stop the one this script started
# Blob, Queue and Table listen on 127.0.0.1:10000-10002 (the UseDevelopmentStorage=true ports).
#   AZURITE_IN_MEMORY=1  keep the data in memory only (the tests: faster, nothing left on disk)
#   AZURITE_DEBUG=1      write Azurite's request log to <data-dir>/debug.log (large and slow: for diagnosis only)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
command="${1:-start}"
data="${2:-$root/.azurite}"
pidfile="$data/azurite.pid"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

all_ports_open() { port_open 10000 && port_open 10001 && port_open 10002; }

case "$command" in
  start)
    if all_ports_open; then
      echo "Azurite already listening on 127.0.0.1:10000-10002"
      exit 0
    fi
    if [ ! -x "$here/azurite/node_modules/.bin/azurite" ]; then
      command -v npm >/dev/null || { echo "npm is needed to install Azurite (Node.js 18+)." >&2; exit 1; }
      echo "Installing Azurite from npm (once)..."
      (cd "$here/azurite" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    mkdir -p "$data"
    echo "Starting Azurite (data in $data)"
    options=(--silent --skipApiVersionCheck --loose)
    # In memory, the data folder only holds the pid and the output (Azurite refuses --location with it).
    if [ "${AZURITE_IN_MEMORY:-0}" = "1" ]; then options+=(--inMemoryPersistence); else options+=(--location "$data"); fi
    if [ "${AZURITE_DEBUG:-0}" = "1" ]; then options+=(--debug "$data/debug.log"); fi
    nohup "$here/azurite/node_modules/.bin/azurite" "${options[@]}" >"$data/azurite.out" 2>&1 &
    echo $! >"$pidfile"
    # Wait for the service, not for a fixed time.
    for _ in $(seq 1 120); do
      if all_ports_open; then echo "Azurite ready"; exit 0; fi
      if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
        echo "Azurite exited; see $data/azurite.out" >&2; cat "$data/azurite.out" >&2; exit 1
      fi
      sleep 0.5
    done
    echo "Azurite did not open its ports within 60 s" >&2
    exit 1
    ;;
  stop)
    if [ -f "$pidfile" ]; then
      kill "$(cat "$pidfile")" 2>/dev/null || true
      rm -f "$pidfile"
      echo "Azurite stopped"
    fi
    ;;
  *)
    echo "usage: $0 start|stop [data-dir]" >&2
    exit 2
    ;;
esac
