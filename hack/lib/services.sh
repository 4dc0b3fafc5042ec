# shellcheck shell=bash
# The Palette emulator + moto in the background, for hack/demo.sh, hack/molecule.sh and hack/smoke.sh (sourced).
#
#   start_services PYTHON API_KEY LOG PENDING PROVISION DELETE MACHINE_PROVISION MACHINE_DELETE
#
# starts `python -m palette_emulator --with-moto` on a free port with those lifecycle durations (seconds), waits until
# moto listens, exports the connection (PALETTE_HOST, PALETTE_API_KEY, PALETTE_PROJECT=Default) and a fake AWS
# (AWS_ENDPOINT_URL, keys, us-east-1), and installs an EXIT trap that stops them again (keeping the exit status).
# A script may define `on_services_stop RC` to say something when they stop.

emulator_pid=
stop_services() {
  local rc=$?
  if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  if declare -F on_services_stop >/dev/null; then
    on_services_stop "$rc"
  fi
  exit $rc
}

start_services() {
  local py=$1 api_key=$2 log=$3 pending=$4 provision=$5 delete=$6 machine_provision=$7 machine_delete=$8 port
  trap stop_services EXIT
  trap 'exit 130' INT TERM
  port=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$root/tests" && exec "$py" -m palette_emulator --with-moto --port "$port" --api-key "$api_key" \
     --pending-seconds "$pending" --provision-seconds "$provision" --delete-seconds "$delete") >"$log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 100); do
    grep -q '^moto server listening on' "$log" 2>/dev/null && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
  done
  export PALETTE_HOST="http://127.0.0.1:$port" PALETTE_API_KEY=$api_key PALETTE_PROJECT=Default
  export AWS_ENDPOINT_URL
  AWS_ENDPOINT_URL=$(sed -n 's/^moto server listening on //p' "$log")
  export AWS_ACCESS_KEY_ID=$api_key AWS_SECRET_ACCESS_KEY=$api_key AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 \
         AWS_EC2_METADATA_DISABLED=true
  # nodes come up in seconds instead of minutes
  "$py" - "$PALETTE_HOST" "$machine_provision" "$machine_delete" <<'PY'
import json, sys, urllib.request
body = json.dumps({"machine_provision_seconds": float(sys.argv[2]), "machine_delete_seconds": float(sys.argv[3])}).encode()
urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_emulator/config", data=body, method="PUT"), timeout=30).read()
PY
}
