#!/usr/bin/env bash
# Installs everything Order Desk needs and runs every check: the README's second command,
# and what CI runs (.ci/run). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
passed=0
run() {
  step "$1"
  shift
  "$@"
  passed=$((passed + 1))
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

run "typecheck" npm run typecheck
run "lint" npm run lint
run "unit tests" npm test
run "build" npm run build
run "first-load JavaScript budget (order pages, gzip)" npm run size
run "integration tests (embedded PGlite)" npm run test:integration
step "PostgreSQL for the database tests"
DATABASE_URL=$(bash scripts/postgres.sh)
echo "$DATABASE_URL"
run "integration tests (PostgreSQL)" env DATABASE_URL="$DATABASE_URL" npm run test:integration
run "end-to-end tests (Playwright, Chromium)" npm run test:e2e

# Node 24 LTS beside the machine's Node: the npm registry's `node` package in a prefix of its
# own (.cache/node24, gitignored), so the project's node_modules stay as they are. First on PATH,
# it runs npm, vitest and (spawned with process.execPath) the `next start` servers the tests start.
step "Node 24 (npm package node@24 in .cache/node24)"
npm install --prefix .cache/node24 --no-audit --no-fund --loglevel=error node@24
NODE24_PATH="$PWD/.cache/node24/node_modules/node/bin:$PATH"
node24_version=$(PATH="$NODE24_PATH" node --version)
echo "$node24_version"
case "$node24_version" in v24.*) ;; *) echo "expected Node 24, got $node24_version" >&2; exit 1 ;; esac
run "unit tests (Node 24)" env PATH="$NODE24_PATH" npm test
# The integration suite once on Node 24 (on PGlite): the PostgreSQL code paths are the same on
# either runtime, and a fourth integration run would bring CI near 30 minutes.
run "integration tests (embedded PGlite, Node 24)" env PATH="$NODE24_PATH" npm run test:integration

echo
echo "checks: ${passed} passed, 0 failed"
