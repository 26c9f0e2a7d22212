#!/usr/bin/env bash
# Capture a running server's discovery and OpenAPI documents into files.
#
#   capture.sh <kubeconfig> <outdir> [context]
#
# Uses the context `admin` unless given. Needs curl and jq. Every document is
# fetched as served and pretty-printed with jq (key order kept). The token is
# passed to curl through a header file, never written to <outdir>.
#
# Layout (one file per path):
#   version.json
#   aggregated/api.json, aggregated/apis.json   Accept: apidiscovery.k8s.io/v2 APIGroupDiscoveryList
#   legacy/api.json, legacy/apis.json            Accept: application/json
#   legacy/api/v1.json, legacy/apis/<g>/<v>.json  APIResourceList of every listed group-version
#   openapi/v2.json
#   openapi/v3/index.json, openapi/v3/<path>.json  (api/v1, apis/<g>/<v>, ...)
#   apiservices.json, crds.json
#   status.tsv                                    HTTP status of every request
#   SOURCE.md
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 <kubeconfig> <outdir> [context]" >&2; exit 2; }
KC=$1
OUT=$2
CTX=${3:-admin}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RELEASE=v1.36.3
KUBECTL="${KUBECTL:-${XDG_CACHE_HOME:-$HOME/.cache}/kapi/control-plane/$RELEASE/kubectl}"
[[ -x "$KUBECTL" ]] || KUBECTL=kubectl
for c in curl jq; do command -v $c >/dev/null || { echo "capture: $c is required" >&2; exit 1; }; done

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
kc() { "$KUBECTL" --kubeconfig="$KC" --context="$CTX" config view --raw --minify -o "jsonpath=$1"; }
SERVER="$(kc '{.clusters[0].cluster.server}')"
kc '{.clusters[0].cluster.certificate-authority-data}' | base64 -d >"$TMP/ca.crt"
umask 077
printf 'Authorization: Bearer %s\n' "$(kc '{.users[0].user.token}')" >"$TMP/auth"
umask 022
[[ -s "$TMP/ca.crt" && -n "$SERVER" ]] || { echo "capture: cannot read server/CA from $KC" >&2; exit 1; }

AGG='application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;q=0.9'
JSON='application/json'

rm -rf "$OUT"
mkdir -p "$OUT"
: >"$OUT/status.tsv"

# get <accept> <path> <file>: fetch, pretty-print, record the status.
get() {
	local accept=$1 path=$2 file="$OUT/$3" code
	mkdir -p "$(dirname "$file")"
	code=$(curl -sS --cacert "$TMP/ca.crt" -H @"$TMP/auth" -H "Accept: $accept" \
		-o "$TMP/body" -w '%{http_code}' "$SERVER$path")
	printf '%s\t%s\t%s\n' "$code" "$path" "$3" >>"$OUT/status.tsv"
	if jq . "$TMP/body" >"$file" 2>/dev/null; then :; else cp "$TMP/body" "$file"; fi
	[[ "$code" == 200 ]] || echo "capture: $path -> HTTP $code" >&2
}

get "$JSON" /version version.json
get "$AGG" /api aggregated/api.json
get "$AGG" /apis aggregated/apis.json
get "$JSON" /api legacy/api.json
get "$JSON" /apis legacy/apis.json
for v in $(jq -r '.versions[]' "$OUT/legacy/api.json"); do
	get "$JSON" "/api/$v" "legacy/api/$v.json"
done
for gv in $(jq -r '.groups[].versions[].groupVersion' "$OUT/legacy/apis.json"); do
	get "$JSON" "/apis/$gv" "legacy/apis/$gv.json"
done
get "$JSON" /openapi/v2 openapi/v2.json
get "$JSON" /openapi/v3 openapi/v3/index.json
while IFS=$'\t' read -r p url; do
	get "$JSON" "$url" "openapi/v3/$p.json"
done < <(jq -r '.paths | to_entries[] | [.key, .value.serverRelativeURL] | @tsv' "$OUT/openapi/v3/index.json")
get "$JSON" /apis/apiregistration.k8s.io/v1/apiservices apiservices.json
get "$JSON" /apis/apiextensions.k8s.io/v1/customresourcedefinitions crds.json

if grep -rqF "$(sed 's/^Authorization: Bearer //' "$TMP/auth")" "$OUT"; then
	echo "capture: a token leaked into $OUT; refusing" >&2
	rm -rf "$OUT"
	exit 1
fi

GIT_VERSION="$(jq -r .gitVersion "$OUT/version.json")"
APISERVICES="$(jq -r '.items[] | "| \(.metadata.name) | \(.spec.service // {} | if . == {} then "Local" else "\(.namespace)/\(.name)" end) | \((.status.conditions // [])[] | select(.type=="Available") | "\(.status) \(.reason)") |"' "$OUT/apiservices.json")"
CRDS="$(jq -r '.items[] | "| \(.metadata.name) | \(.spec.scope) | \([.spec.versions[] | .name + (if .storage then " (storage)" else "" end)] | join(", ")) |"' "$OUT/crds.json")"
NON200="$(awk -F'\t' '$1 != 200 {print "- HTTP " $1 " for `" $2 "`"}' "$OUT/status.tsv")"
cat >"$OUT/SOURCE.md" <<EOF
# Captured from a real kube-apiserver $GIT_VERSION

Generated on $(date -u +%Y-%m-%dT%H:%M:%SZ) by \`test/control-plane/capture.sh <kubeconfig> <outdir>\`
against the control plane of \`test/control-plane/cluster.sh up --broken\`: kube-apiserver,
etcd and k8s.io/sample-apiserver built from the Kubernetes $RELEASE Go modules, started on
loopback, with the CRDs of \`test/control-plane/manifests/crds.yaml\`, the aggregated
wardle.example.com API and the APIService broken on purpose
(\`test/control-plane/manifests/broken-apiservice.yaml\`). Requests were made as the
\`$CTX\` user (system:masters) with curl; each body was pretty-printed with jq (key order
kept). No credentials are in these files.

Regenerate:

\`\`\`sh
eval "\$(bash test/control-plane/cluster.sh up --broken | tail -n1)"   # sets KUBECONFIG
bash test/control-plane/capture.sh "\$KUBECONFIG" test/data/kube-$RELEASE
bash test/control-plane/cluster.sh down
\`\`\`

Accept headers: aggregated = \`$AGG\`; legacy and everything else = \`$JSON\`.
\`status.tsv\` lists the HTTP status, path and file of every request (the body of a
non-200 answer is saved too). \`openapi/v3/<path>.json\` was fetched at the
\`serverRelativeURL\` (with its \`?hash=\`) given in \`openapi/v3/index.json\`.

Non-200 answers:
${NON200:-none}

## APIServices

| name | service | Available |
| --- | --- | --- |
$APISERVICES

## CRDs

| name | scope | versions |
| --- | --- | --- |
$CRDS
EOF
echo "captured $(wc -l <"$OUT/status.tsv") documents into $OUT ($(du -sh "$OUT" | cut -f1))" >&2
