#!/usr/bin/env bash
# Installs everything Order Desk needs and runs every check: the README's second command,
# and what CI runs (.ci/run). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
passed=0
timings=()
run() {
  local name=$1 started=$SECONDS
  step "$name"
  shift
  "$@"
  passed=$((passed + 1))
  timings+=("$(printf '%5d s  %s' $((SECONDS - started)) "$name")")
}

step "system packages"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "chromium and fonts-noto-cjk present"
fi

step "npm packages"
# The lock lists every platform's optional binaries: npm ci must accept it as it is.
npm ci --no-audit --no-fund

# Node 24 and PostgreSQL are for the last steps: fetched and started now, in the background, while
# the checks below run (a download and a database start, mostly waiting). Their output is shown
# where they are used.
node24_log=$(mktemp)
(npm install --prefix .cache/node24 --no-audit --no-fund --loglevel=error node@24 >"$node24_log" 2>&1) &
node24_pid=$!
pg_out=$(mktemp)
pg_log=$(mktemp)
(bash scripts/postgres.sh >"$pg_out" 2>"$pg_log") &
pg_pid=$!
trap 'kill "$node24_pid" "$pg_pid" 2>/dev/null || true' EXIT

run "typecheck" npm run typecheck
run "lint" npm run lint
run "unit tests" npm test
run "build" npm run build
run "first-load JavaScript budget (gzip)" npm run size
# The integration suite runs whole on PostgreSQL under Node 24 LTS (below), and on PGlite under
# the machine's Node it runs the files that exercise what the embedded database does differently:
# first start, the single-process lock, a crash and a restart (batches, sync, the index write),
# the outage answer, the audit trail and history across restarts. Two whole runs took the command
# past 15 minutes on a 2-core machine once sync and history came (17 min); the end-to-end tests
# run on PGlite under the machine's Node too.
EMBEDDED_FILES=(pglite-single-process database-outage batch-engine operations order-index audit accounts sync history)
# Node 24 LTS beside the machine's Node: the npm registry's `node` package in a prefix of its
# own (.cache/node24, gitignored), so the project's node_modules stay as they are. First on PATH,
# it runs npm, vitest and (spawned with process.execPath) the `next start` servers the tests start.
step "Node 24 (npm package node@24 in .cache/node24; installed beside the checks)"
node24_status=0
wait "$node24_pid" || node24_status=$?
cat "$node24_log"
rm -f "$node24_log"
if [ "$node24_status" -ne 0 ]; then
  echo "installing Node 24 failed (exit $node24_status)" >&2
  exit "$node24_status"
fi
NODE24_PATH="$PWD/.cache/node24/node_modules/node/bin:$PATH"
node24_version=$(PATH="$NODE24_PATH" node --version)
echo "$node24_version"
case "$node24_version" in v24.*) ;; *) echo "expected Node 24, got $node24_version" >&2; exit 1 ;; esac

step "PostgreSQL for the database tests (started beside the checks)"
pg_status=0
wait "$pg_pid" || pg_status=$?
cat "$pg_log" >&2
DATABASE_URL=$(cat "$pg_out")
rm -f "$pg_out" "$pg_log"
if [ "$pg_status" -ne 0 ] || [ -z "$DATABASE_URL" ]; then
  echo "starting PostgreSQL failed (exit $pg_status)" >&2
  exit 1
fi
echo "$DATABASE_URL"
trap - EXIT

# Three runs at once, each mostly waiting on servers, the simulator and their leases, and none
# asserting an upper bound on time: the end-to-end tests (PGlite, Node 20, a server and Chromium
# of their own), the PostgreSQL run of the two files that wait longest (sync and batch-engine: a
# killed server's leases, sync's ticks), and, in front, the embedded run. The tests that do assert
# an upper bound on time (an upload's 200 ms, batch fairness) run last, alone.
declare -A bg_pid bg_log
background() {
  local name=$1
  shift
  bg_log[$name]=$(mktemp)
  # The subshell's SECONDS goes on from this shell's: it writes its exit status and its own time.
  (started=$SECONDS; "$@" >"${bg_log[$name]}" 2>&1; status=$?; echo "$status $((SECONDS - started))" >"${bg_log[$name]}.done"; exit $status) &
  bg_pid[$name]=$!
}
finish_background() {
  local name=$1 status=0 seconds
  step "$name (run beside the steps above; its output follows)"
  wait "${bg_pid[$name]}" || status=$?
  cat "${bg_log[$name]}"
  seconds=$(cut -d' ' -f2 "${bg_log[$name]}.done" 2>/dev/null || echo '?')
  rm -f "${bg_log[$name]}" "${bg_log[$name]}.done"
  if [ "$status" -ne 0 ]; then
    echo "$name failed (exit $status)" >&2
    exit "$status"
  fi
  passed=$((passed + 1))
  timings+=("$(printf '%5s s  %s' "$seconds" "$name (beside the others)")")
}
trap 'kill "${bg_pid[@]}" 2>/dev/null || true' EXIT
BESIDE_FILES=(sync batch-engine)
background "end-to-end tests (Playwright, Chromium)" npm run test:e2e
background "integration tests (PostgreSQL, Node 24: ${BESIDE_FILES[*]})" \
  env PATH="$NODE24_PATH" DATABASE_URL="$DATABASE_URL" npx vitest run --project integration "${BESIDE_FILES[@]/#/tests/integration/}"
run "integration tests (embedded PGlite, Node $(node --version): ${#EMBEDDED_FILES[@]} files)" \
  npx vitest run --project integration "${EMBEDDED_FILES[@]/#/tests/integration/}"
run "unit tests (Node 24)" env PATH="$NODE24_PATH" npm test
finish_background "integration tests (PostgreSQL, Node 24: ${BESIDE_FILES[*]})"
finish_background "end-to-end tests (Playwright, Chromium)"
trap - EXIT

excluded=()
for file in "${BESIDE_FILES[@]}"; do excluded+=(--exclude "tests/integration/${file}.test.ts"); done
run "integration tests (PostgreSQL, Node 24: the rest of the suite, alone)" \
  env PATH="$NODE24_PATH" DATABASE_URL="$DATABASE_URL" npx vitest run --project integration "${excluded[@]}"

step "time per step (${SECONDS} s in all)"
printf '%s\n' "${timings[@]}"
echo
echo "checks: ${passed} passed, 0 failed"
