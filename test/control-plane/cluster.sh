#!/usr/bin/env bash
# A real Kubernetes control plane (etcd, kube-apiserver, sample-apiserver,
# CRDs) on free 127.0.0.1 ports, built from the Go module beside this script.
#
#   cluster.sh build           build the binaries (cached) and print their dir
#   cluster.sh up [--broken]   build if needed, start, print KUBECONFIG=<path> last
#   cluster.sh down            stop everything by PID, remove temp dirs (idempotent)
#   cluster.sh status          print the state of the running cluster, if any
#
# Environment:
#   KAPI_CLUSTER_STATE_DIR  where the state of one cluster lives
#                           (default ${TMPDIR:-/tmp}/kapi-control-plane-$UID);
#                           give each concurrent cluster its own.
#   XDG_CACHE_HOME          binaries go to ${XDG_CACHE_HOME:-$HOME/.cache}/kapi/control-plane/<release>
#   KAPI_CLUSTER_TIMEOUT    seconds to wait for each readiness step (default 120)
#   KAPI_CLUSTER_TIME_DIR   if set, run each daemon under `/usr/bin/time -v` and keep
#                           its report (peak RSS...) in <dir>/<name>.txt after `down`
#   KAPI_CLUSTER_KEEP_ON_FAILURE=1  leave a failed `up` running for inspection
#
# Only loopback addresses are dialed. 10.x addresses appear only as flag values
# that are never dialed (advertise address, service IP range).
set -euo pipefail

RELEASE=v1.36.3
RELEASE_MINOR=36
# Commit time of the k8s.io/kubernetes module version (go mod download -json's .Info).
RELEASE_DATE=2026-07-22T18:07:38Z
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/kapi/control-plane/$RELEASE"
STATE_DIR="${KAPI_CLUSTER_STATE_DIR:-${TMPDIR:-/tmp}/kapi-control-plane-$(id -u)}"
TIMEOUT="${KAPI_CLUSTER_TIMEOUT:-120}"
BINARIES=(kube-apiserver etcd sample-apiserver kubectl harness)
# So /version and `kubectl version` report the release, not v0.0.0.
LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
	LDFLAGS+=" -X $pkg.gitVersion=$RELEASE -X $pkg.gitMajor=1 -X $pkg.gitMinor=$RELEASE_MINOR"
	LDFLAGS+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$RELEASE_DATE"
done

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- build

stamp() {
	# Everything that decides the binaries' content.
	{
		echo "$RELEASE $LDFLAGS"
		go version 2>/dev/null || echo "no go"
		(cd "$HERE" && cat go.mod go.sum && find cmd -name '*.go' -type f | LC_ALL=C sort | xargs cat)
	} | sha256sum | cut -d' ' -f1
}

binaries_fresh() {
	local b
	for b in "${BINARIES[@]}"; do [[ -x "$BIN_DIR/$b" ]] || return 1; done
	[[ -f "$BIN_DIR/.stamp" && "$(cat "$BIN_DIR/.stamp")" == "$(stamp)" ]]
}

cmd_build() {
	command -v go >/dev/null || die "go is not installed; it is needed to build the control plane"
	mkdir -p "$BIN_DIR"
	# One build at a time per machine (e2e test files may start clusters concurrently).
	exec 9>"$BIN_DIR/.lock"
	flock 9
	if binaries_fresh; then
		log "binaries up to date in $BIN_DIR"
	else
		log "building Kubernetes $RELEASE binaries into $BIN_DIR (cold: ~5 min on 2 cores once modules are downloaded)"
		local tmp
		tmp="$(mktemp -d "$BIN_DIR/.build.XXXXXX")"
		if ! (cd "$HERE" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly" \
			go build -trimpath -ldflags "$LDFLAGS" -o "$tmp/" ./cmd/...); then
			rm -rf "$tmp"
			die "go build failed"
		fi
		for b in "${BINARIES[@]}"; do mv -f "$tmp/$b" "$BIN_DIR/$b"; done
		rm -rf "$tmp"
		stamp >"$BIN_DIR/.stamp"
		log "built"
	fi
	exec 9>&-
}

# ---------------------------------------------------------------- down

# pid_ours PID WORK: true if PID is alive and its command line names WORK
# (so a recycled PID of an unrelated process is never signalled).
pid_ours() {
	local pid=$1 work=$2
	[[ -r /proc/$pid/cmdline ]] || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$work"
}

cmd_down() {
	[[ -d "$STATE_DIR" ]] || { log "nothing to stop ($STATE_DIR absent)"; return 0; }
	local work="" pid name pids=()
	[[ -f "$STATE_DIR/workdir" ]] && work="$(cat "$STATE_DIR/workdir")"
	if [[ -n "$work" && -f "$STATE_DIR/pids" ]]; then
		while read -r name pid; do
			[[ -n "$pid" ]] || continue
			if pid_ours "$pid" "$work"; then
				pids+=("$pid")
				[[ "$name" == *-time ]] && continue # exits after its daemon
				kill -TERM "$pid" 2>/dev/null || true
				log "stopping $name (pid $pid)"
			fi
		done < <(tac "$STATE_DIR/pids") # reverse start order
		local i
		for i in $(seq 1 100); do
			local alive=0
			for pid in "${pids[@]}"; do pid_ours "$pid" "$work" && alive=1; done
			((alive)) || break
			sleep 0.1
		done
		for pid in "${pids[@]}"; do
			if pid_ours "$pid" "$work"; then
				log "killing pid $pid"
				kill -KILL "$pid" 2>/dev/null || true
			fi
		done
	fi
	if [[ -n "$work" && -d "$work" && "$work" == */kapi-cp.* ]]; then
		rm -rf "$work"
	fi
	rm -rf "$STATE_DIR"
	log "down"
}

# ---------------------------------------------------------------- up

WORK=""
on_up_error() {
	local rc=$?
	trap - EXIT
	if [[ $rc -ne 0 && -n "$WORK" ]]; then
		log "up failed (exit $rc); last log lines:"
		local f
		for f in "$WORK"/logs/*.log; do
			[[ -f "$f" ]] || continue
			printf '==> %s <==\n' "$f" >&2
			tail -n 25 "$f" >&2
		done
		if [[ "${KAPI_CLUSTER_KEEP_ON_FAILURE:-}" != 1 ]]; then cmd_down || true; fi
	fi
	exit $rc
}

start_bg() { # name logfile cmd...
	local name=$1 logf=$2
	shift 2
	# setsid: the daemons survive the shell that started them (npm, node's
	# child_process) and never hold its stdout/stderr open.
	if [[ -n "${KAPI_CLUSTER_TIME_DIR:-}" ]]; then
		# Measurement mode: run under GNU time -v, report in $KAPI_CLUSTER_TIME_DIR/<name>.txt.
		# down signals only the daemon; time then exits by itself and writes its report.
		mkdir -p "$KAPI_CLUSTER_TIME_DIR"
		setsid /usr/bin/time -v -o "$KAPI_CLUSTER_TIME_DIR/$name.txt" "$@" </dev/null >"$logf" 2>&1 &
		local tpid=$! cpid="" i
		for i in $(seq 1 100); do
			cpid="$(cat "/proc/$tpid/task/$tpid/children" 2>/dev/null | awk '{print $1}')"
			[[ -n "$cpid" ]] && break
			sleep 0.05
		done
		[[ -n "$cpid" ]] || die "cannot find the child of /usr/bin/time for $name"
		echo "$name-time $tpid" >>"$STATE_DIR/pids"
		echo "$name $cpid" >>"$STATE_DIR/pids"
		log "started $name (pid $cpid, under /usr/bin/time pid $tpid)"
		return
	fi
	setsid "$@" </dev/null >"$logf" 2>&1 &
	local pid=$!
	echo "$name $pid" >>"$STATE_DIR/pids"
	log "started $name (pid $pid)"
}

alive_or_die() { # name
	local name pid
	while read -r name pid; do
		if [[ "$name" == "$1" ]] && ! kill -0 "$pid" 2>/dev/null; then
			die "$1 exited early"
		fi
	done <"$STATE_DIR/pids"
}

wait_until() { # description name-of-process cmd...
	local what=$1 proc=$2
	shift 2
	local deadline=$((SECONDS + TIMEOUT))
	until "$@" >/dev/null 2>&1; do
		[[ -z "$proc" ]] || alive_or_die "$proc"
		((SECONDS < deadline)) || die "timed out after ${TIMEOUT}s waiting for $what"
		sleep 0.2
	done
}

cmd_up() {
	local broken=0 arg
	for arg in "$@"; do
		case "$arg" in
		--broken) broken=1 ;;
		*) die "unknown flag for up: $arg" ;;
		esac
	done
	local t0=$SECONDS
	cmd_build
	cmd_down >/dev/null 2>&1 || true

	mkdir -p "$STATE_DIR"
	WORK="$(mktemp -d "${TMPDIR:-/tmp}/kapi-cp.XXXXXX")"
	echo "$WORK" >"$STATE_DIR/workdir"
	: >"$STATE_DIR/pids"
	trap on_up_error EXIT
	mkdir -p "$WORK/logs" "$WORK/pki" "$WORK/etcd" "$WORK/wardle-certs"

	local kubectl="$BIN_DIR/kubectl" p
	mapfile -t p < <("$BIN_DIR/harness" ports 4)
	local etcd_port=${p[0]} etcd_peer=${p[1]} api_port=${p[2]} wardle_port=${p[3]}
	"$BIN_DIR/harness" certs "$WORK/pki"
	local admin_token viewer_token
	admin_token="admin-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
	viewer_token="viewer-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
	umask 077
	cat >"$WORK/pki/tokens.csv" <<-EOF
		$admin_token,admin,uid-admin,"system:masters"
		$viewer_token,viewer,uid-viewer,"viewers"
	EOF
	umask 022

	# etcd ------------------------------------------------------------
	start_bg etcd "$WORK/logs/etcd.log" "$BIN_DIR/etcd" \
		--name=default \
		--data-dir="$WORK/etcd" \
		--listen-client-urls="http://127.0.0.1:$etcd_port" \
		--advertise-client-urls="http://127.0.0.1:$etcd_port" \
		--listen-peer-urls="http://127.0.0.1:$etcd_peer" \
		--initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer" \
		--initial-cluster="default=http://127.0.0.1:$etcd_peer" \
		--unsafe-no-fsync \
		--log-level=warn
	wait_until "etcd /health" etcd curl -fsS "http://127.0.0.1:$etcd_port/health"

	# kube-apiserver --------------------------------------------------
	local pki="$WORK/pki"
	start_bg kube-apiserver "$WORK/logs/kube-apiserver.log" "$BIN_DIR/kube-apiserver" \
		--etcd-servers="http://127.0.0.1:$etcd_port" \
		--bind-address=127.0.0.1 \
		--secure-port="$api_port" \
		--cert-dir="$WORK/apiserver-certs" \
		--tls-cert-file="$pki/apiserver.crt" \
		--tls-private-key-file="$pki/apiserver.key" \
		--client-ca-file="$pki/ca.crt" \
		--token-auth-file="$pki/tokens.csv" \
		--authorization-mode=RBAC \
		--service-account-issuer=https://kubernetes.default.svc.cluster.local \
		--service-account-key-file="$pki/sa.pub" \
		--service-account-signing-key-file="$pki/sa.key" \
		--service-cluster-ip-range=10.0.0.0/24 \
		--advertise-address=10.255.255.1 \
		--endpoint-reconciler-type=none \
		--disable-admission-plugins=ServiceAccount \
		--allow-privileged=true \
		--profiling=false \
		--requestheader-client-ca-file="$pki/front-proxy-ca.crt" \
		--requestheader-allowed-names=front-proxy-client \
		--requestheader-username-headers=X-Remote-User \
		--requestheader-group-headers=X-Remote-Group \
		--requestheader-extra-headers-prefix=X-Remote-Extra- \
		--proxy-client-cert-file="$pki/front-proxy-client.crt" \
		--proxy-client-key-file="$pki/front-proxy-client.key" \
		--enable-aggregator-routing=false
	local server="https://127.0.0.1:$api_port"
	wait_until "kube-apiserver /readyz" kube-apiserver \
		curl -fsS --cacert "$pki/ca.crt" -H "Authorization: Bearer $admin_token" "$server/readyz"

	# kubeconfig ------------------------------------------------------
	local kc="$WORK/kubeconfig" ca_data
	ca_data="$(base64 -w0 <"$pki/ca.crt")"
	umask 077
	cat >"$kc" <<-EOF
		apiVersion: v1
		kind: Config
		clusters:
		- name: kapi-e2e
		  cluster:
		    server: $server
		    certificate-authority-data: $ca_data
		users:
		- name: admin
		  user:
		    token: $admin_token
		- name: viewer
		  user:
		    token: $viewer_token
		contexts:
		- name: admin
		  context:
		    cluster: kapi-e2e
		    user: admin
		- name: viewer
		  context:
		    cluster: kapi-e2e
		    user: viewer
		current-context: admin
	EOF
	umask 022
	echo "$kc" >"$STATE_DIR/kubeconfig"
	local k=("$kubectl" --kubeconfig="$kc" --context=admin)

	"${k[@]}" apply -f "$HERE/manifests/viewer-rbac.yaml" >&2
	"${k[@]}" apply -f "$HERE/manifests/crds.yaml" >&2

	# sample-apiserver (wardle.example.com) ---------------------------
	# It reads the front-proxy CA from kube-system/extension-apiserver-authentication
	# and delegates authn/authz to kube-apiserver through the admin kubeconfig.
	start_bg sample-apiserver "$WORK/logs/sample-apiserver.log" "$BIN_DIR/sample-apiserver" \
		--etcd-servers="http://127.0.0.1:$etcd_port" \
		--bind-address=127.0.0.1 \
		--secure-port="$wardle_port" \
		--cert-dir="$WORK/wardle-certs" \
		--kubeconfig="$kc" \
		--authentication-kubeconfig="$kc" \
		--authorization-kubeconfig="$kc" \
		--profiling=false
	wait_until "sample-apiserver /readyz" sample-apiserver \
		curl -fsSk "https://127.0.0.1:$wardle_port/readyz"
	sed "s/WARDLE_PORT/$wardle_port/" "$HERE/manifests/wardle.yaml" | "${k[@]}" apply -f - >&2

	"${k[@]}" wait --for=condition=Established --timeout="${TIMEOUT}s" \
		crd/crontabs.stable.example.com crd/databases.db.example.com \
		crd/clusterwidgets.cluster.example.com crd/freeforms.stable.example.com >&2
	"${k[@]}" wait --for=condition=Available --timeout="${TIMEOUT}s" apiservice/v1alpha1.wardle.example.com >&2
	# Discovery and OpenAPI pick new CRDs and APIServices up asynchronously.
	local gv
	for gv in stable.example.com/v1 stable.example.com/v1beta1 db.example.com/v1 cluster.example.com/v1alpha1 wardle.example.com/v1alpha1; do
		wait_until "/apis/$gv" "" "${k[@]}" get --raw "/apis/$gv"
		wait_until "/openapi/v3/apis/$gv" "" "${k[@]}" get --raw "/openapi/v3/apis/$gv"
	done

	if ((broken)); then
		"${k[@]}" apply -f "$HERE/manifests/broken-apiservice.yaml" >&2
		"${k[@]}" wait --timeout="${TIMEOUT}s" \
			--for=jsonpath='{.status.conditions[?(@.type=="Available")].reason}'=ServiceNotFound \
			apiservice/v1.broken.example.com >&2
	fi

	cat >"$STATE_DIR/env" <<-EOF
		WORK=$WORK
		SERVER=$server
		ETCD=http://127.0.0.1:$etcd_port
		WARDLE=https://127.0.0.1:$wardle_port
		BROKEN=$broken
		BIN_DIR=$BIN_DIR
		KUBECONFIG=$kc
	EOF
	trap - EXIT
	log "control plane $RELEASE up in $((SECONDS - t0))s at $server (state: $STATE_DIR)"
	echo "SERVER=$server"
	echo "BIN_DIR=$BIN_DIR"
	echo "KUBECTL=$kubectl"
	echo "STATE_DIR=$STATE_DIR"
	echo "KUBECONFIG=$kc"
}

cmd_status() {
	[[ -f "$STATE_DIR/env" ]] || { echo "no cluster (state dir $STATE_DIR)"; return 1; }
	cat "$STATE_DIR/env"
	cat "$STATE_DIR/pids"
}

case "${1:-}" in
build)
	cmd_build
	echo "$BIN_DIR"
	;;
up)
	shift
	cmd_up "$@"
	;;
down) cmd_down ;;
status) cmd_status ;;
*)
	echo "usage: $0 build | up [--broken] | down | status" >&2
	exit 2
	;;
esac
