#!/usr/bin/env bash
# The servers the test suite talks to, as `make test` provides Chromium:
#   redis     Redis at 127.0.0.1:6379 (tests/core/test_redis_cache.py,
#             tests/voting/test_scale_out.py, also on the SQLite run);
#   postgres  PostgreSQL at 127.0.0.1:5432 with the superuser `postgres`
#             reachable without a password (the scale-out test makes throwaway
#             databases; TEST_POSTGRES_URL points elsewhere), and the
#             `musrenbang` role and database of the PostgreSQL run.
# Each is left alone when it answers; started when installed; installed from
# Debian's packages when missing and we are root; otherwise the script says
# in one sentence what to install and exits 1.
# Usage: bash tests/services.sh [redis] [postgres]   (both by default)
set -euo pipefail

REDIS_PORT=6379
PG_HOST=127.0.0.1
PG_PORT=5432
PG_ADMIN=${PGUSER_ADMIN:-postgres}

is_root() { [ "$(id -u)" = "0" ]; }
can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }

apt_install() {
  echo "Installing Debian's $* for the tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for() {  # wait_for <check function> <seconds>
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    if "$1"; then return 0; fi
    sleep 0.25
  done
  return 1
}

# --- Redis ---------------------------------------------------------------

redis_answers() {  # PING over bash's /dev/tcp: no redis-cli needed
  local reply=""
  { exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT"; } 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  read -r -t 2 reply <&3 || true
  exec 3<&- 3>&-
  [[ $reply == +PONG* ]]
}

provide_redis() {
  redis_answers && return 0
  if ! command -v redis-server >/dev/null 2>&1; then
    if can_apt; then
      apt_install redis-server
    else
      echo "The tests need Redis at 127.0.0.1:$REDIS_PORT: install it with  sudo apt-get install redis-server  and run make test again." >&2
      return 1
    fi
  fi
  redis_answers && return 0  # the package starts it where init scripts run
  echo "Starting Redis at 127.0.0.1:$REDIS_PORT..."
  if is_root && command -v service >/dev/null 2>&1; then
    service redis-server start >/dev/null 2>&1 || true
    wait_for redis_answers 5 && return 0
  fi
  # No service manager (a container) or not root: the binary itself, keeping
  # nothing on disk.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes \
    --save "" --appendonly no --dir /tmp >/dev/null || true
  if ! wait_for redis_answers 10; then
    echo "Redis is installed but could not be started at 127.0.0.1:$REDIS_PORT: start it (sudo service redis-server start) and run make test again." >&2
    return 1
  fi
}

# --- PostgreSQL ------------------------------------------------------------

pg_sql() {  # pg_sql <sql>: as the superuser over TCP, never asking for a password
  PGCONNECT_TIMEOUT=3 psql -w -h "$PG_HOST" -p "$PG_PORT" -U "$PG_ADMIN" -d postgres \
    -v ON_ERROR_STOP=1 -tAc "$1"
}

pg_answers() { pg_sql "SELECT 1" >/dev/null 2>&1; }

pg_listening() {  # the server is up, whatever it thinks of our login
  pg_isready -q -h "$PG_HOST" -p "$PG_PORT" >/dev/null 2>&1
}

pg_trust_loopback() {
  # Only for a server this script has just installed: Debian's default asks
  # for a password over TCP, the tests log in as the superuser without one.
  local hba
  hba=$(runuser -u postgres -- psql -tAc "SHOW hba_file")
  sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  runuser -u postgres -- psql -qc "SELECT pg_reload_conf()" >/dev/null
  echo "PostgreSQL: trust authentication for 127.0.0.1 and ::1 ($hba), for the tests."
}

provide_postgres() {
  local installed_now=0
  if ! pg_answers; then
    if ! command -v psql >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null 2>&1; then
      if can_apt; then
        apt_install postgresql
        installed_now=1
      else
        echo "The tests need PostgreSQL at $PG_HOST:$PG_PORT with the superuser $PG_ADMIN (no password): install it with  sudo apt-get install postgresql  and run make test again." >&2
        return 1
      fi
    fi
    if ! pg_listening; then
      if ! is_root; then
        echo "PostgreSQL is installed but not running at $PG_HOST:$PG_PORT: start it (sudo service postgresql start) and run make test again." >&2
        return 1
      fi
      echo "Starting PostgreSQL at $PG_HOST:$PG_PORT..."
      if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
        # The package made no cluster (or it was dropped): make one.
        local version
        version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
        pg_createcluster "$version" main >/dev/null
      fi
      service postgresql start >/dev/null 2>&1 || true
      if ! wait_for pg_listening 15; then
        # No service manager: each cluster through Debian's own wrapper.
        pg_lsclusters -h | while read -r version cluster _; do
          pg_ctlcluster "$version" "$cluster" start || true
        done
      fi
      if ! wait_for pg_listening 15; then
        echo "PostgreSQL is installed but could not be started at $PG_HOST:$PG_PORT: see pg_lsclusters and its log, then run make test again." >&2
        return 1
      fi
    fi
    if ! pg_answers && [ "$installed_now" = 1 ]; then
      pg_trust_loopback
    fi
    if ! wait_for pg_answers 5; then
      echo "PostgreSQL at $PG_HOST:$PG_PORT refuses the superuser $PG_ADMIN without a password: the tests need trust authentication for 127.0.0.1 in pg_hba.conf (or TEST_POSTGRES_URL and DATABASE_URL with a password)." >&2
      return 1
    fi
  fi
  # The role and database of the PostgreSQL run
  # (DATABASE_URL=postgres://musrenbang@127.0.0.1:5432/musrenbang).
  pg_sql "SELECT 1 FROM pg_roles WHERE rolname='musrenbang'" | grep -q 1 \
    || pg_sql "CREATE ROLE musrenbang LOGIN CREATEDB" >/dev/null
  pg_sql "SELECT 1 FROM pg_database WHERE datname='musrenbang'" | grep -q 1 \
    || pg_sql "CREATE DATABASE musrenbang OWNER musrenbang" >/dev/null
}

status=0
for service in "${@:-redis postgres}"; do
  for name in $service; do
    case "$name" in
      redis) provide_redis || status=1 ;;
      postgres) provide_postgres || status=1 ;;
      *) echo "unknown service: $name" >&2; status=2 ;;
    esac
  done
done
exit "$status"
