#!/bin/sh
# Fails a CI job when a service misses the gate checks of its Posture policy. Run it after the
# job has uploaded the Trivy report (and SBOM), so the verdict is about this build.
#
# Usage:  posture-gate.sh <entity-ref>      e.g. component:default/checkout-api
#         (kind defaults to component, namespace to default: checkout-api works too)
# Needs:  curl and jq, and in the environment
#   BACKSTAGE_URL         e.g. https://backstage.example.com
#   POSTURE_TOKEN         a Backstage service token, e.g. a static external access token
#                         (backend.auth.externalAccess); it is only ever sent as a header
#   POSTURE_GATE_TIMEOUT  seconds to wait for the answer (default 30)
#
# Exit codes:
#   0  the gate passes
#   1  the gate fails: the violations are printed with what to do about each
#   2  no verdict: bad usage, curl or jq missing, Backstage unreachable or answering other than
#      200 (401 bad token, 403 may not read the entity, 404 unknown entity), or an unreadable
#      answer. Whether a job should fail on 2 is your choice; the workflows here do.
#
# Calls GET $BACKSTAGE_URL/api/security/v1/gate/{kind}/{namespace}/{name}, which answers 200
# with { pass, entityRef, policy, grade, score, violations, exemptions } (see docs/api.md).
# On GitHub Actions each violation is also written as an error annotation.
set -u

die() {
  printf 'posture-gate: %s\n' "$*" >&2
  exit 2
}

[ $# -eq 1 ] || die "usage: posture-gate.sh <entity-ref>, e.g. component:default/checkout-api"
command -v curl >/dev/null 2>&1 || die "curl is required"
command -v jq >/dev/null 2>&1 || die "jq is required"
[ -n "${BACKSTAGE_URL:-}" ] || die "BACKSTAGE_URL is not set (e.g. https://backstage.example.com)"
[ -n "${POSTURE_TOKEN:-}" ] ||
  die "POSTURE_TOKEN is not set (a Backstage service token, e.g. a static external access token)"

# kind:namespace/name, with Backstage's defaults for a missing kind or namespace.
ref=$1
case $ref in
*:*) kind=${ref%%:*} rest=${ref#*:} ;;
*) kind=component rest=$ref ;;
esac
case $rest in
*/*) namespace=${rest%%/*} name=${rest#*/} ;;
*) namespace=default name=$rest ;;
esac
case $name in */*) name= ;; esac
[ -n "$kind" ] && [ -n "$namespace" ] && [ -n "$name" ] ||
  die "not an entity ref: '$ref' (expected kind:namespace/name, e.g. component:default/checkout-api)"

uri() { jq -rn --arg v "$1" '$v | @uri'; }
url="${BACKSTAGE_URL%/}/api/security/v1/gate/$(uri "$kind")/$(uri "$namespace")/$(uri "$name")"

body=$(mktemp) || die "cannot create a temporary file"
trap 'rm -f "$body"' EXIT
trap 'exit 2' HUP INT TERM

# The token goes in a header read from stdin, so it never appears in the process list.
status=$(printf 'Authorization: Bearer %s\n' "$POSTURE_TOKEN" |
  curl -sS --max-time "${POSTURE_GATE_TIMEOUT:-30}" -H @- -H 'Accept: application/json' \
    -o "$body" -w '%{http_code}' "$url") ||
  die "could not reach $url"

if [ "$status" != 200 ]; then
  message=$(jq -r '.error.message // empty' "$body" 2>/dev/null)
  [ -n "$message" ] || message=$(head -c 300 "$body" | tr '\r\n' '  ')
  case $status in
  401) hint=' (POSTURE_TOKEN is missing or not accepted: check backend.auth.externalAccess)' ;;
  403) hint=' (the token may not read this entity)' ;;
  404) hint=' (no such entity, or this Backstage has no gate route yet)' ;;
  *) hint= ;;
  esac
  die "$url answered $status$hint: ${message:-no message}"
fi
jq -e 'type == "object" and (.pass | type == "boolean")' "$body" >/dev/null 2>&1 ||
  die "unexpected answer from $url: $(head -c 300 "$body" | tr '\r\n' '  ')"

# Free text (messages, fixes, justifications) is printed on one line each, so none of it can
# start a line of its own that the CI runner would read as a command (e.g. ::add-mask::).
jq -r '
  def flat: tostring | gsub("[\r\n]+"; " ");
  "Posture gate for \(.entityRef | flat) (policy \(.policy | flat)): \(if .pass then "PASS" else "FAIL" end)"
    + (if .grade then ", grade \(.grade | flat), score \(.score | flat)" else ", not graded yet" end),
  (if (.violations | length) > 0 then
    "",
    "Violations (\(.violations | length)):",
    (.violations[]
      | "  - \(.check | flat)\(if .status then " [\(.status | flat)]" else "" end): \(.message | flat)",
        (if .fix then "    Fix: \(.fix | flat)" else empty end))
  else empty end),
  (if (.exemptions | length) > 0 then
    "",
    "Exemptions in force (\(.exemptions | length)):",
    (.exemptions[]
      | "  - \(.check | flat)\(if .findingId then " \(.findingId | flat)" else "" end)"
        + " until \(.expiresAt | flat | .[0:10])"
        + "\(if .approver then ", approved by \(.approver | flat)" else "" end)"
        + ": \(.justification | flat)")
  else empty end)
' "$body" || die "could not print the answer from $url"

if [ "${GITHUB_ACTIONS:-}" = true ]; then
  # Workflow command escaping: %, CR and LF in the text; also , and : in the title.
  jq -r '
    def esc: tostring | gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
    def esctitle: esc | gsub(":"; "%3A") | gsub(","; "%2C");
    .violations[]
    | "::error title=\("Posture gate: \(.check)" | esctitle)::\(.message + (if .fix then " Fix: \(.fix)" else "" end) | esc)"
  ' "$body"
fi

if jq -e '.pass' "$body" >/dev/null; then
  exit 0
fi
exit 1
