#!/usr/bin/env bash
# `npm run bench`: starts a throwaway PostgreSQL cluster and a Redis server on free loopback ports (the same
# way as .ci/run), builds, runs bench/main.ts against them, then stops everything.
#   BENCH_SCALE=0.1 npm run bench      a quick run on a tenth of the data
# Other knobs: BENCH_DURATION (s per load test), BENCH_CONNECTIONS, BENCH_SUBSCRIBERS, BENCH_LOG_LEVEL,
# BENCH_OUT (report path, default bench/results/latest.md).
#   BENCH_ONLY=fanout npm run bench    only the postPublished fan-out and the write path with its subscribers
#   BENCH_ONLY=reads npm run bench     only the HTTP loads, statements per feed request, keyset depth, start-up
#   BENCH_ONLY=peer npm run bench      only PostGraphile side by side (BENCH_PEER_SECONDS per round, default 5;
#                                      BENCH_PEER=0 leaves it out of the full run; BENCH_PEER_PLAN_CACHE_MODE=auto
#                                      gives PostGraphile's connections PostgreSQL's default, not force_custom_plan;
#                                      BENCH_PEER_SAME_RUNTIME=0 leaves out Praxis's second run on PostGraphile's Node)
# PostGraphile lives in its own package, bench/postgraphile/ (never a dependency of Praxis), with the Node 22
# binary it runs on: installed here on first use (npm ci --prefix bench/postgraphile).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
# shellcheck source=../scripts/services.sh
source "$ROOT/scripts/services.sh"

WORK="$(mktemp -d /tmp/praxis-bench.XXXXXX)"
cleanup() {
  local rc=$?
  set +e
  svc_pg_stop
  svc_redis_stop
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v redis-server >/dev/null 2>&1 || { echo "redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
SVC_PGBIN="$(svc_find_pgbin)"
[[ -n "$SVC_PGBIN" ]] || { echo "PostgreSQL is missing (apt-get install postgresql)" >&2; exit 1; }

if [[ ( -z "${BENCH_ONLY:-}" && "${BENCH_PEER:-1}" != 0 ) || "${BENCH_ONLY:-}" == peer ]]; then
  if [[ ! -x bench/postgraphile/node_modules/node/bin/node || ! -d bench/postgraphile/node_modules/postgraphile ]]; then
    echo "[bench] installing PostGraphile and Node 22 into bench/postgraphile/node_modules"
    npm ci --prefix bench/postgraphile --no-audit --no-fund
  fi
  [[ -x bench/postgraphile/node_modules/node/bin/node ]] || {
    echo "bench/postgraphile: the node package did not install its binary (install scripts disabled?)" >&2
    exit 1
  }
fi

echo "[bench] building"
npx tsc -p bench/tsconfig.json

# A server-class configuration for the data set (about 200 MB); durability is irrelevant here.
# pg_stat_statements counts PostGraphile's statements (bench/peer.ts), tracking only while it counts.
svc_pg_start "$WORK" "shared_buffers = '512MB'" "work_mem = '16MB'" "effective_cache_size = '4GB'" \
  "random_page_cost = 1.1" "max_wal_size = '2GB'" "autovacuum = off" \
  "shared_preload_libraries = 'pg_stat_statements'" "pg_stat_statements.track = 'none'"
svc_redis_start "$WORK"

export DATABASE_URL="$SVC_PG_URL"
export REDIS_URL="$SVC_REDIS_URL"
BENCH_PG_VERSION="$("$SVC_PGBIN/postgres" --version | awk '{print $3}')"
BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
export BENCH_PG_VERSION BENCH_COMMIT
export BENCH_COMMAND="${BENCH_SCALE:+BENCH_SCALE=$BENCH_SCALE }${BENCH_ONLY:+BENCH_ONLY=$BENCH_ONLY }npm run bench"
node dist/bench/main.js
