#!/usr/bin/env bash
# The server the browser tests run against: the production build, a fresh database in
# PATHWAYS_E2E_DIR, demo data seeded. Plain http on localhost, so cookies are not marked Secure.
# Email goes through SMTP_URL, a real SMTP server that playwright.config.ts starts first
# (tests/setup/e2e-mail-server.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PATHWAYS_E2E_DIR:?}"
# E2E_DATABASE_URL runs the journeys on another database (the PostgreSQL smoke run of npm test).
export DATABASE_URL="${E2E_DATABASE_URL:-file:${PATHWAYS_E2E_DIR}/e2e.db}"
: "${SMTP_URL:?}"
export MEDIA_DIR="${PATHWAYS_E2E_DIR}/media"
export UPLOADS_DIR="${PATHWAYS_E2E_DIR}/uploads"
export KEYS_DIR="${PATHWAYS_E2E_DIR}/keys"
export SEED_DEMO_DATA=true
export SECURE_COOKIES=false
export NODE_ENV=production
export CHECKPOINT_DISABLE=1
# Plain log lines: a JSON line per request would bury the journeys' output (operations.spec.ts checks JSON).
export LOG_FORMAT="${LOG_FORMAT:-text}"
# /dev/blocks, the block editor demo the journeys drive.
export ENABLE_DEV_PAGES=true
# The job worker looks for queued emails often, so the journeys that wait for one are not slowed (ADR 0053).
export JOB_POLL_MS="${JOB_POLL_MS:-200}"
# Small fixture modules for the journeys (e.g. tests/fixtures/courses/certificate-fixture).
export EXTRA_COURSES_DIRS="${EXTRA_COURSES_DIRS:-tests/fixtures/courses}"
[ -f "${BUILD_DIR:-build}/server/index.js" ] || { echo "No production build in ${BUILD_DIR:-build}/: run 'npm run build' first." >&2; exit 1; }
echo "Journeys database: ${DATABASE_URL%%:*}"
# E2E_START_ONLY=true: another app process on the same database, which the first has already
# migrated and prepared (bench/scale.ts runs two against one PostgreSQL database).
if [ "${E2E_START_ONLY:-}" != true ]; then
  npx prisma migrate deploy >/dev/null
  npx tsx scripts/prepare.ts
fi
exec npx tsx server/index.ts
