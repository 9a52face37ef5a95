#!/usr/bin/env bash
# make smoke-prod: the production recipe of docs/DEPLOY.md, on loopback.
#
#   PostgreSQL (own cluster) and Redis (own server), both on free ports;
#   gunicorn, 2 sync workers (portal.wsgi) for HTTP; 2 daphne processes
#   (portal.asgi) for /ws/; nginx in front with TLS (a self-signed
#   certificate), serving /static/ and /media/ itself, from
#   deploy/nginx/musrenbang.conf.template; the unmodified production
#   settings (portal.settings.production, TRUSTED_PROXY_COUNT=1).
#
# Then a short journey through nginx (tests/perf/smoke_journey.py): health
# check, HTTP→HTTPS redirect, pages, a static and a media file served by
# nginx, a private file not served, sign-in as a demo child, a support with
# CSRF, its count arriving on a websocket. Everything is stopped and removed
# on exit; the exit status is the journey's. SMOKE_KEEP=1 keeps the folder.
#
# Needs root or an installed nginx (it installs Debian's nginx with apt-get
# when root and nginx is missing), the PostgreSQL server binaries, redis-server
# and openssl.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
BIN="$ROOT/.venv/bin"

say() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# -- nginx ------------------------------------------------------------------------
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian's nginx"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
        # The package starts its default site on port 80: not ours to run.
        if command -v systemctl >/dev/null 2>&1; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
        if [ -f /run/nginx.pid ]; then /usr/sbin/nginx -s quit 2>/dev/null || true; fi
    else
        echo "make smoke-prod needs nginx: sudo apt-get install nginx" >&2
        exit 1
    fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

PGBIN=""
if command -v pg_ctl >/dev/null 2>&1; then
    PGBIN=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
else
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
fi
[ -x "$PGBIN/initdb" ] || { echo "make smoke-prod needs the PostgreSQL server binaries" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "make smoke-prod needs redis-server" >&2; exit 1; }

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

SMOKE=$(mktemp -d /tmp/musrenbang-smoke-XXXXXX)
chmod 755 "$SMOKE"
mkdir -p "$SMOKE/logs" "$SMOKE/media" "$SMOKE/private_media" "$SMOKE/static" "$SMOKE/nginx"
PIDS=()
PG_STARTED=0

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
    local status=$?
    set +e
    if [ -f "$SMOKE/nginx/nginx.pid" ]; then
        "$NGINX" -c "$SMOKE/nginx/nginx.conf" -p "$SMOKE/nginx" -s quit 2>/dev/null
    fi
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$pid" 2>/dev/null
    done
    if [ "$PG_STARTED" = 1 ]; then
        as_postgres "$PGBIN/pg_ctl" -D "$SMOKE/pg/data" -m fast -w stop >/dev/null 2>&1
    fi
    if [ "$status" != 0 ]; then
        echo "smoke-prod FAILED; the last lines of each log:" >&2
        for f in "$SMOKE"/logs/*.log; do
            [ -s "$f" ] && { echo "--- $f" >&2; tail -n 25 "$f" >&2; }
        done
    fi
    if [ "${SMOKE_KEEP:-0}" = 1 ]; then
        echo "kept $SMOKE" >&2
    else
        rm -rf "$SMOKE"
    fi
    exit "$status"
}
trap cleanup EXIT INT TERM

PG_PORT=$(free_port)
REDIS_PORT=$(free_port)
GUNICORN_PORT=$(free_port)
DAPHNE_PORTS=("$(free_port)" "$(free_port)")
HTTP_PORT=$(free_port)
HTTPS_PORT=$(free_port)
ORIGIN="https://127.0.0.1:$HTTPS_PORT"

# -- PostgreSQL and Redis -----------------------------------------------------------
say "PostgreSQL: own cluster on 127.0.0.1:$PG_PORT"
mkdir -p "$SMOKE/pg"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$SMOKE/pg"; fi
as_postgres "$PGBIN/initdb" -D "$SMOKE/pg/data" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$SMOKE/logs/initdb.log" 2>&1
printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" \
    "$PG_PORT" "$SMOKE/pg" >> "$SMOKE/pg/data/postgresql.conf"
as_postgres "$PGBIN/pg_ctl" -D "$SMOKE/pg/data" -l "$SMOKE/pg/postgres.log" -w start >/dev/null
PG_STARTED=1
"$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres musrenbang

say "Redis on 127.0.0.1:$REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --logfile "$SMOKE/logs/redis.log" &
PIDS+=($!)

# -- the release: environment, migrate, static files, translations ---------------------
export DJANGO_SETTINGS_MODULE=portal.settings.production
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export CSRF_TRUSTED_ORIGINS="$ORIGIN"
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/musrenbang"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export TRUSTED_PROXY_COUNT=1
export CONN_MAX_AGE=60
export STATIC_ROOT="$SMOKE/static"
export MEDIA_ROOT="$SMOKE/media"
export PRIVATE_MEDIA_ROOT="$SMOKE/private_media"
export WAGTAILADMIN_BASE_URL="$ORIGIN"
export LOG_LEVEL=INFO
unset DJANGO_ALLOW_ASYNC_UNSAFE

say "release: check --deploy, migrate, collectstatic, demo data"
"$PY" manage.py check --deploy --fail-level WARNING >"$SMOKE/logs/check.log" 2>&1
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py collectstatic --noinput -v0
# The demo accounts and ideas (the demo app is not installed under production settings).
DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=0 "$PY" manage.py load_wilayah >/dev/null
DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=0 "$PY" manage.py seed_demo >"$SMOKE/logs/seed.log"
echo "public upload served by nginx" > "$MEDIA_ROOT/smoke.txt"
echo "a consent scan: never served" > "$PRIVATE_MEDIA_ROOT/smoke-private.txt"
mkdir -p "$MEDIA_ROOT/documents"
echo "daftar hadir: only through /dokumen/" > "$MEDIA_ROOT/documents/smoke-absen.txt"
chmod -R a+rX "$SMOKE/static" "$SMOKE/media"

# -- the application: gunicorn for HTTP, daphne for websockets --------------------------
say "gunicorn: 2 sync workers on 127.0.0.1:$GUNICORN_PORT"
"$BIN/gunicorn" portal.wsgi --workers 2 --bind "127.0.0.1:$GUNICORN_PORT" \
    --access-logfile "$SMOKE/logs/gunicorn-access.log" \
    >"$SMOKE/logs/gunicorn.log" 2>&1 &
PIDS+=($!)
for port in "${DAPHNE_PORTS[@]}"; do
    say "daphne on 127.0.0.1:$port"
    "$BIN/daphne" -b 127.0.0.1 -p "$port" \
        --access-log "$SMOKE/logs/daphne-$port-access.log" \
        portal.asgi:application >"$SMOKE/logs/daphne-$port.log" 2>&1 &
    PIDS+=($!)
done

wait_healthy() {
    "$PY" - "$1" <<'PYEOF'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/healthz"
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        # As nginx forwards it: SECURE_SSL_REDIRECT would send plain HTTP away.
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=2) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit(f"{url} did not answer within 60 s")
PYEOF
}
for port in "$GUNICORN_PORT" "${DAPHNE_PORTS[@]}"; do wait_healthy "$port"; done

# -- nginx with TLS --------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$SMOKE/nginx/key.pem" -out "$SMOKE/nginx/cert.pem" 2>/dev/null
export SERVER_NAME=127.0.0.1 HTTP_LISTEN="127.0.0.1:$HTTP_PORT" \
    HTTPS_LISTEN="127.0.0.1:$HTTPS_PORT" PUBLIC_ORIGIN="$ORIGIN" \
    TLS_CERT="$SMOKE/nginx/cert.pem" TLS_KEY="$SMOKE/nginx/key.pem" \
    LOG_DIR="$SMOKE/logs" \
    HTTP_UPSTREAM="server 127.0.0.1:$GUNICORN_PORT;" \
    WS_UPSTREAM="server 127.0.0.1:${DAPHNE_PORTS[0]}; server 127.0.0.1:${DAPHNE_PORTS[1]};"
envsubst '$SERVER_NAME $HTTP_LISTEN $HTTPS_LISTEN $PUBLIC_ORIGIN $TLS_CERT $TLS_KEY $STATIC_ROOT $MEDIA_ROOT $HTTP_UPSTREAM $WS_UPSTREAM $LOG_DIR' \
    < deploy/nginx/musrenbang.conf.template > "$SMOKE/nginx/musrenbang.conf"
USER_LINE=""
if [ "$(id -u)" = 0 ] && id www-data >/dev/null 2>&1; then USER_LINE="user www-data;"; fi
cat > "$SMOKE/nginx/nginx.conf" <<EOF
# What /etc/nginx/nginx.conf provides on a server, for this run only.
$USER_LINE
worker_processes 1;
pid $SMOKE/nginx/nginx.pid;
error_log $SMOKE/logs/nginx-main.error.log;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path $SMOKE/nginx/body;
    proxy_temp_path $SMOKE/nginx/proxy;
    fastcgi_temp_path $SMOKE/nginx/fastcgi;
    uwsgi_temp_path $SMOKE/nginx/uwsgi;
    scgi_temp_path $SMOKE/nginx/scgi;
    include $SMOKE/nginx/musrenbang.conf;
}
EOF
"$NGINX" -t -q -c "$SMOKE/nginx/nginx.conf" -p "$SMOKE/nginx" 2>"$SMOKE/logs/nginx-test.log" \
    || { cat "$SMOKE/logs/nginx-test.log" >&2; exit 1; }
"$NGINX" -c "$SMOKE/nginx/nginx.conf" -p "$SMOKE/nginx"
say "nginx: https://127.0.0.1:$HTTPS_PORT (and http://127.0.0.1:$HTTP_PORT → https)"

# -- the journey --------------------------------------------------------------------------
"$PY" tests/perf/smoke_journey.py \
    --origin "$ORIGIN" --http "http://127.0.0.1:$HTTP_PORT" \
    --cafile "$SMOKE/nginx/cert.pem" \
    --gunicorn-access-log "$SMOKE/logs/gunicorn-access.log" \
    --daphne-access-logs "$SMOKE/logs/daphne-${DAPHNE_PORTS[0]}-access.log,$SMOKE/logs/daphne-${DAPHNE_PORTS[1]}-access.log" \
    --nginx-access-log "$SMOKE/logs/musrenbang.access.log"
