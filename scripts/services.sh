# Throwaway PostgreSQL and Redis on free loopback ports, for CI (.ci/run) and the benchmark (bench/run.sh).
# Source it; it defines functions only. The caller owns the work directory and calls the stop functions
# from its EXIT trap.
#
#   svc_pg_start WORKDIR [extra postgresql.conf lines]   sets SVC_PG_PORT, SVC_PG_URL, SVC_PGDATA, SVC_PG_LOG
#   svc_pg_stop
#   svc_redis_start WORKDIR                               sets SVC_REDIS_PORT, SVC_REDIS_URL, SVC_REDIS_PID
#   svc_redis_stop

SVC_PGBIN="${SVC_PGBIN:-}"
SVC_PG_STARTED=0
SVC_PGDATA=""
SVC_PG_LOG=""
SVC_REDIS_PID=""

svc_log() { printf '[services] %s\n' "$*"; }

svc_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

# The directory of initdb/pg_ctl/postgres: the one on PATH, else the newest /usr/lib/postgresql/*/bin.
svc_find_pgbin() {
  local p
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    p="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"
    if [[ -x "$p/initdb" && -x "$p/postgres" ]]; then
      echo "$p"
      return
    fi
  fi
  p="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [[ -n "$p" && -x "$p/pg_ctl" && -x "$p/initdb" && -x "$p/postgres" ]]; then echo "$p"; fi
}

# PostgreSQL refuses to run as root: as root, run its tools as the postgres system user.
svc_as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

svc_pg_start() {
  local work="$1"
  shift
  [[ -n "$SVC_PGBIN" ]] || SVC_PGBIN="$(svc_find_pgbin)"
  [[ -n "$SVC_PGBIN" ]] || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  SVC_PGDATA="$work/pgdata"
  SVC_PG_LOG="$work/postgres.log"
  SVC_PG_PORT="$(svc_free_port)"
  if [[ "$(id -u)" == 0 ]]; then
    chmod 755 "$work" # the postgres user must reach its data directory inside
    install -d -o postgres -g postgres -m 700 "$SVC_PGDATA" "$work/pgsock"
  else
    install -d -m 700 "$SVC_PGDATA" "$work/pgsock"
  fi
  svc_as_pg "$SVC_PGBIN/initdb" -D "$SVC_PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    --no-sync --no-instructions >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; return 1; }
  {
    printf '\n# praxis: a throwaway cluster\n'
    printf "listen_addresses = '127.0.0.1'\nport = %s\nunix_socket_directories = '%s'\n" "$SVC_PG_PORT" "$work/pgsock"
    printf 'max_connections = 200\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n'
    local line
    for line in "$@"; do printf '%s\n' "$line"; done
  } >>"$SVC_PGDATA/postgresql.conf"
  touch "$SVC_PG_LOG"
  [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$SVC_PG_LOG"
  SVC_PG_STARTED=1
  svc_as_pg "$SVC_PGBIN/pg_ctl" -D "$SVC_PGDATA" -l "$SVC_PG_LOG" -w -t 60 start >/dev/null
  SVC_PG_URL="postgres://postgres@127.0.0.1:$SVC_PG_PORT/postgres"
  svc_log "PostgreSQL ready on 127.0.0.1:$SVC_PG_PORT (data: $SVC_PGDATA)"
}

svc_pg_stop() {
  [[ "$SVC_PG_STARTED" == 1 ]] || return 0
  svc_log "stopping PostgreSQL"
  if ! svc_as_pg "$SVC_PGBIN/pg_ctl" -D "$SVC_PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1; then
    local pid
    pid="$(head -1 "$SVC_PGDATA/postmaster.pid" 2>/dev/null)"
    [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null
  fi
  SVC_PG_STARTED=0
}

svc_redis_start() {
  local work="$1"
  SVC_REDIS_PORT="$(svc_free_port)"
  mkdir -p "$work/redis"
  redis-server --bind 127.0.0.1 --port "$SVC_REDIS_PORT" --save '' --appendonly no --daemonize no \
    --dir "$work/redis" --logfile "$work/redis.log" </dev/null &
  SVC_REDIS_PID=$!
  for _ in $(seq 1 100); do
    if redis-cli -h 127.0.0.1 -p "$SVC_REDIS_PORT" ping 2>/dev/null | grep -q PONG; then break; fi
    kill -0 "$SVC_REDIS_PID" 2>/dev/null || { cat "$work/redis.log"; echo "redis-server exited" >&2; return 1; }
    sleep 0.1
  done
  redis-cli -h 127.0.0.1 -p "$SVC_REDIS_PORT" ping | grep -q PONG || { echo "redis-server did not answer" >&2; return 1; }
  SVC_REDIS_URL="redis://127.0.0.1:$SVC_REDIS_PORT"
  svc_log "Redis ready on $SVC_REDIS_URL (pid $SVC_REDIS_PID)"
}

svc_redis_stop() {
  [[ -n "$SVC_REDIS_PID" ]] || return 0
  svc_log "stopping Redis"
  kill "$SVC_REDIS_PID" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 "$SVC_REDIS_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SVC_REDIS_PID" 2>/dev/null
  wait "$SVC_REDIS_PID" 2>/dev/null
  SVC_REDIS_PID=""
}
