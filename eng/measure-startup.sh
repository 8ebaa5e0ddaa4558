#!/usr/bin/env bash
# Measures the time from the run command (eng/run.sh) to the first served page (GET /app answers 200).
#   eng/measure-startup.sh          warm: Azurite installed, build outputs present
#   eng/measure-startup.sh --cold   as after a fresh clone: no Azurite install, no build outputs, no local data
# Prints the seconds and stops what it started.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-7071}"
if [ "${1:-}" = "--cold" ]; then
  "$root/eng/azurite.sh" stop "$root/.azurite" || true
  rm -rf "$root/eng/azurite/node_modules" "$root/.azurite"
  find "$root/src" "$root/tests" "$root/benchmarks" -maxdepth 2 -type d \( -name bin -o -name obj \) -exec rm -rf {} +
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "Port $port is busy; stop whatever listens there first." >&2
  exit 1
fi

log="$(mktemp)"
start=$(date +%s.%N)
"$root/eng/run.sh" --urls "http://localhost:$port" >"$log" 2>&1 &
runner=$!
stop() {
  pkill -P "$runner" 2>/dev/null || true
  kill "$runner" 2>/dev/null || true
  pkill -f "Evaluation.LocalHost" 2>/dev/null || true
  # Graceful shutdown takes a moment; wait for the port rather than a fixed time.
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break; sleep 0.1; done
  "$root/eng/azurite.sh" stop "$root/.azurite" >/dev/null || true
}
trap stop EXIT

until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/app")" = "200" ]; do
  if ! kill -0 "$runner" 2>/dev/null; then
    echo "The run command exited:" >&2; cat "$log" >&2; exit 1
  fi
  sleep 0.2
done
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "First page served %.1f s after the run command.%s", e - s, ORS }'
