#!/usr/bin/env bash
# Builds the Teams app package (teams/manifest.json with its placeholders filled in, and the two icons) for upload
# in the Teams admin centre. The values come from environment variables (README "Deploy"); the azd environment's own
# names are taken when the first ones are not set, so after `set -a; eval "$(azd env get-values)"; set +a` only
# TEAMS_MANIFEST_ID may be missing:
#   TEAMS_MANIFEST_ID  the Teams app's own id: a GUID made once (uuidgen) and kept for every later version
#   APP_HOSTNAME       host name people reach the app at, e.g. func-abc123.azurewebsites.net (no https://);
#                      else the host of EVALUATION_SITE_URL (an output of infra/main.bicep)
#   GRAPH_CLIENT_ID    client id of the identity the app sends notifications with: the Function App's user-assigned
#                      managed identity (the app setting Graph:ManagedIdentityClientId); else
#                      AZURE_MANAGED_IDENTITY_CLIENT_ID. Teams finds the app a notification belongs to by this id
#                      (webApplicationInfo), so it must be the sender's, not the sign-in app registration's.
#   TEAMS_APP_VERSION  optional, default 1.0.0; raise it for every new upload of the same app
#   TEAMS_PACKAGE_OUT  optional, default teams/dist/phutho-danh-gia.zip
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${TEAMS_PACKAGE_OUT:-$root/teams/dist/phutho-danh-gia.zip}"
TEAMS_APP_VERSION="${TEAMS_APP_VERSION:-1.0.0}"
if [ -z "${APP_HOSTNAME:-}" ] && [ -n "${EVALUATION_SITE_URL:-}" ]; then
  APP_HOSTNAME="${EVALUATION_SITE_URL#*://}"
  APP_HOSTNAME="${APP_HOSTNAME%%/*}"
fi
GRAPH_CLIENT_ID="${GRAPH_CLIENT_ID:-${AZURE_MANAGED_IDENTITY_CLIENT_ID:-}}"

fail() { echo "teams-package: $*" >&2; exit 1; }

missing=()
for name in TEAMS_MANIFEST_ID APP_HOSTNAME GRAPH_CLIENT_ID; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
((${#missing[@]} == 0)) || fail "set ${missing[*]} first (see the comment at the top of eng/teams-package.sh and README \"Deploy\")."

guid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
[[ "$TEAMS_MANIFEST_ID" =~ $guid ]] || fail "TEAMS_MANIFEST_ID must be a GUID (got '$TEAMS_MANIFEST_ID')."
[[ "$GRAPH_CLIENT_ID" =~ $guid ]] || fail "GRAPH_CLIENT_ID must be a GUID, the managed identity's client id (got '$GRAPH_CLIENT_ID')."
[[ "$APP_HOSTNAME" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]] \
  || fail "APP_HOSTNAME must be a bare host name such as func-danhgia-abc123.azurewebsites.net (got '$APP_HOSTNAME')."
[[ "$TEAMS_APP_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "TEAMS_APP_VERSION must look like 1.0.0 (got '$TEAMS_APP_VERSION')."

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
# The values were checked above, so none holds a character sed would read as syntax.
sed -e "s/{{TEAMS_MANIFEST_ID}}/$TEAMS_MANIFEST_ID/g" \
    -e "s/{{APP_HOSTNAME}}/$APP_HOSTNAME/g" \
    -e "s/{{GRAPH_CLIENT_ID}}/$GRAPH_CLIENT_ID/g" \
    -e "s/{{TEAMS_APP_VERSION}}/$TEAMS_APP_VERSION/g" \
    "$root/teams/manifest.json" > "$stage/manifest.json"
if left="$(grep -o '{{[A-Za-z0-9_]*}}' "$stage/manifest.json")"; then
  fail "teams/manifest.json has a placeholder this script does not fill: $(echo "$left" | sort -u | tr '\n' ' ')"
fi
cp "$root/teams/color.png" "$root/teams/outline.png" "$stage/"

# Teams wants the three files at the root of the zip.
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"
rm -f "$out"
if command -v zip > /dev/null; then
  (cd "$stage" && zip -q -X "$out" manifest.json color.png outline.png)
else
  (cd "$stage" && python3 -m zipfile -c "$out" manifest.json color.png outline.png)
fi
echo "Teams app package: $out (app $TEAMS_MANIFEST_ID, version $TEAMS_APP_VERSION, host $APP_HOSTNAME)"
