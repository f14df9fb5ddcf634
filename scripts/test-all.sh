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
# npm ci can reject a lockfile made on another machine (missing optional binaries); npm install
# keeps the locked versions.
if ! npm ci --no-audit --no-fund >/tmp/order-desk-npm-ci.log 2>&1; then
  echo "npm ci refused the lockfile (see /tmp/order-desk-npm-ci.log); npm install keeps the locked versions"
  npm install --no-audit --no-fund
fi

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

echo
echo "checks: ${passed} passed, 0 failed"
