#!/usr/bin/env bash
# Compiles infra/main.bicep (and its modules) with the Bicep CLI and fails on any error or warning: the linter's
# rules (infra/bicepconfig.json) and Bicep's own checks of resource types and properties. eng/test.sh runs it first.
# The CLI comes from NuGet (Azure.Bicep.CommandLine.linux-x64, version in eng/bicep/BicepTool.proj), so a clean
# machine needs only NuGet. Usage: eng/bicep.sh [OUTPUT.json]  (also keeps the compiled ARM template there).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$root/eng/bicep/BicepTool.proj"
version="$(sed -n 's:.*<BicepVersion>\(.*\)</BicepVersion>.*:\1:p' "$project")"

if ! restore_log="$(dotnet restore "$project" --nologo -v q 2>&1)"; then
  echo "$restore_log" >&2
  echo "eng/bicep.sh: could not restore the Bicep CLI $version from NuGet." >&2
  exit 1
fi
packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: //p')"
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
if [ ! -f "$bicep" ]; then
  echo "eng/bicep.sh: restored, but $bicep is not there." >&2
  exit 1
fi
# NuGet does not keep the executable bit on every system.
[ -x "$bicep" ] || chmod +x "$bicep"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Bicep writes diagnostics (errors, warnings, linter findings) to stderr and the template to the output file.
status=0
"$bicep" build "$root/infra/main.bicep" --outfile "$work/main.json" 2>"$work/diagnostics.txt" || status=$?
if [ "$status" -ne 0 ] || [ -s "$work/diagnostics.txt" ]; then
  cat "$work/diagnostics.txt" >&2
  echo "eng/bicep.sh: infra/main.bicep does not compile cleanly (Bicep $version, exit $status); warnings count as errors." >&2
  exit 1
fi
if [ $# -ge 1 ]; then
  cp "$work/main.json" "$1"
fi
echo "Bicep $version: infra/main.bicep compiled with no errors or warnings."
