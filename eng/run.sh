#!/usr/bin/env bash
# Runs the local host with demo data: Azurite (installed and started if needed), then the ASP.NET Core host with
# the same routes, handlers and Durable workflow as the Functions app. Extra arguments go to the host, e.g.
#   eng/run.sh --urls http://0.0.0.0:8080
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/eng/azurite.sh" start "$root/.azurite"

url="http://localhost:7071"
for ((i = 1; i <= $#; i++)); do
  if [ "${!i}" = "--urls" ]; then j=$((i + 1)); url="${!j%%;*}"; fi
done
echo "Building and starting the local host; when it is ready open ${url}/app (sign in as admin@localhost)."
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
exec dotnet run --project "$root/src/Evaluation.LocalHost" -c Release -- "$@"
