#!/usr/bin/env bash
# make bench: the portal on PostgreSQL, served as deployed (gunicorn sync
# workers, production settings), under load from tests/perf/load.py; then
# the same load against ASGI (daphne) for comparison. Writes the figures
# to docs/PERFORMANCE.md ("Latest run").
#
#   bash tests/perf/run_bench.sh [--fresh] [--workers N] [--threads T]
#                                [--no-asgi] [--duration S] [--warmup S]
#
# --fresh      regenerate the data set even if the bench database has it
# --workers N  gunicorn sync workers (default 3, chosen by measurement; see
#              docs/PERFORMANCE.md); the ASGI comparison runs as many daphnes
# --threads T  T > 1: gunicorn's gthread workers with T threads each (they
#              keep connections alive); 1 (default): sync workers
# --no-asgi    skip the ASGI comparison
# --sweep "2 3 4"  instead of the full run: list, baseline POST and support
#              for each number of gunicorn workers (how the default was chosen)
#
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth) and Redis at
# 127.0.0.1:6379. Uses the database musrenbang_bench and Redis db 14 only.
# Every server it starts listens on 127.0.0.1 and is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
STATE="${BENCH_STATE_DIR:-$ROOT/.bench}"
export BENCH_STATE_DIR="$STATE"
mkdir -p "$STATE"

FRESH=0
WORKERS="${BENCH_WORKERS:-3}"
THREADS="${BENCH_THREADS:-1}"
ASGI="${BENCH_ASGI:-1}"
DURATION="${BENCH_DURATION:-15}"
WARMUP="${BENCH_WARMUP:-3}"
CHILDREN="${BENCH_CHILDREN:-640}"
SWEEP=""
while [ $# -gt 0 ]; do
    case "$1" in
        --fresh) FRESH=1 ;;
        --workers) WORKERS="$2"; shift ;;
        --threads) THREADS="$2"; shift ;;
        --no-asgi) ASGI=0 ;;
        --sweep) SWEEP="$2"; shift ;;
        --duration) DURATION="$2"; shift ;;
        --warmup) WARMUP="$2"; shift ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done

# -- environment: production settings plus the baseline view -------------------
if [ ! -s "$STATE/secret_key" ]; then
    # Stable across runs: signed-in sessions are tied to the key.
    "$PY" -c 'import secrets; print(secrets.token_urlsafe(64))' > "$STATE/secret_key"
fi
export DJANGO_SETTINGS_MODULE=tests.perf.bench_settings
SECRET_KEY="$(cat "$STATE/secret_key")"
export SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1
export DATABASE_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/musrenbang_bench}"
export REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/14}"
export SECURE_SSL_REDIRECT=0
export CONN_MAX_AGE=60
# One nginx in front, as in the production recipe: the load generator sends
# each simulated child's address in X-Forwarded-For.
export TRUSTED_PROXY_COUNT=1
export LOG_LEVEL=WARNING
export CSRF_TRUSTED_ORIGINS=http://127.0.0.1:8000  # replaced once the port is known

# -- the bench extra ----------------------------------------------------------
if ! "$PY" -c 'import gunicorn, httpx' 2>/dev/null; then
    echo "Installing the bench extra (gunicorn, httpx) into .venv…"
    "$PY" -m pip install --quiet -e ".[bench]"
fi

if ! "$PY" -c 'import psycopg; psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres").close()' 2>/dev/null; then
    echo "make bench needs PostgreSQL at 127.0.0.1:5432 (user postgres)." >&2
    exit 1
fi

# -- data set ---------------------------------------------------------------------
if [ "$FRESH" = 1 ] || ! "$PY" tests/perf/generate_data.py --check; then
    echo "Generating the data set (10,000 ideas, 200,000 supports, 20,000 children)…"
    "$PY" tests/perf/generate_data.py
else
    echo "The bench database already has the data set (use --fresh to regenerate)."
fi
"$PY" manage.py migrate --noinput -v0

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

SERVER_PID=""
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}
trap stop_server EXIT INT TERM

wait_healthy() {
    local port=$1
    for _ in $(seq 1 150); do
        if "$PY" -c "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=2).status == 200 else 1)" 2>/dev/null; then
            return 0
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "The server stopped before answering /healthz." >&2
            return 1
        fi
        sleep 0.2
    done
    echo "The server did not answer /healthz within 30 s." >&2
    return 1
}

quietness() {
    # Other work on the same two cores lowers every figure: wait a while for
    # it to end (BENCH_QUIET_WAIT seconds at most), then say how busy it was.
    "$PY" - "${BENCH_QUIET_WAIT:-120}" <<'PYEOF'
import os, sys, time

TICK = os.sysconf("SC_CLK_TCK")

def processes():
    out = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    head, rest = f.read().rsplit(")", 1)
                fields = rest.split()
                out[pid] = (head.split("(", 1)[1], int(fields[11]) + int(fields[12]))
            except (OSError, IndexError, ValueError):
                pass
    return out

def sample(seconds=2.0):
    def total():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v[:8]), v[3] + v[4]
    t1, i1 = total()
    p1 = processes()
    time.sleep(seconds)
    t2, i2 = total()
    p2 = processes()
    top = sorted(
        ((p2[pid][1] - p1[pid][1]) / TICK / seconds, p2[pid][0])
        for pid in p2 if pid in p1 and pid != str(os.getpid())
    )[::-1][:3]
    return 1 - (i2 - i1) / max(t2 - t1, 1), [(c, n) for c, n in top if c > 0.05]

deadline = time.monotonic() + float(sys.argv[1])
share, top = sample()
while share > 0.15 and time.monotonic() < deadline:
    names = ", ".join(f"{n} {c:.0%}" for c, n in top) or "short-lived processes"
    print(f"  other work keeps the machine {share:.0%} busy ({names}); waiting…", flush=True)
    time.sleep(10)
    share, top = sample()
names = ", ".join(f"{n} {c:.0%} of a core" for c, n in top) or "nothing"
print(f"machine busy with other work just before the run: {share:.0%} ({names})"
      + ("" if share <= 0.15 else "; figures will be lower than on a quiet machine"))
PYEOF
}

run_load() {
    local port=$1 label=$2 out=$3
    shift 3
    "$PY" tests/perf/load.py --port "$port" --label "$label" --out "$out" \
        --children "$CHILDREN" --warmup "$WARMUP" --duration "$DURATION" \
        --server-pid "$SERVER_PID" "$@"
}

collect_static() {
    # Into .bench/static (bench_settings), just before each server starts.
    "$PY" manage.py collectstatic --noinput -v0
}

if [ "$THREADS" -gt 1 ]; then
    # gthread: keep-alive connections, THREADS requests at once per process
    WORKER_CLASS_ARGS="--worker-class gthread --threads $THREADS"
    WORKER_KIND="$THREADS-thread gthread"
else
    WORKER_CLASS_ARGS="--worker-class sync"
    WORKER_KIND="sync"
fi

start_gunicorn() {
    local workers=$1 port=$2
    collect_static
    "$ROOT/.venv/bin/gunicorn" portal.wsgi \
        --workers "$workers" $WORKER_CLASS_ARGS \
        --bind "127.0.0.1:$port" --backlog 2048 \
        --log-level warning --error-logfile "$STATE/gunicorn.log" &
    SERVER_PID=$!
    wait_healthy "$port"
}

if [ -n "$SWEEP" ]; then
    for W in $SWEEP; do
        PORT=$(free_port)
        export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$PORT"
        echo
        echo "gunicorn with $W sync workers on 127.0.0.1:$PORT"
        start_gunicorn "$W" "$PORT"
        quietness
        run_load "$PORT" "gunicorn, $W sync workers" "$STATE/sweep-$W.json" \
            --only list,detail,base_post_thr,support
        stop_server
    done
    exit 0
fi

# -- the deployed configuration: gunicorn, sync workers ---------------------------
RUN_DIR="$STATE/runs/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"
PORT=$(free_port)
export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$PORT"
GUNICORN_LABEL="gunicorn $("$PY" -c 'import gunicorn; print(gunicorn.__version__)'), $WORKERS $WORKER_KIND workers, portal.wsgi, production settings, CONN_MAX_AGE=60"
echo "Starting $GUNICORN_LABEL on 127.0.0.1:$PORT"
start_gunicorn "$WORKERS" "$PORT"
quietness
run_load "$PORT" "$GUNICORN_LABEL" "$RUN_DIR/gunicorn.json"
stop_server
RESULTS=("$RUN_DIR/gunicorn.json")

# -- comparison: the same routes over ASGI (daphne) ----------------------------
if [ "$ASGI" = 1 ]; then
    PORT=$(free_port)
    export CSRF_TRUSTED_ORIGINS="http://127.0.0.1:$PORT"
    DAPHNE_LABEL="daphne $("$PY" -c 'import daphne; print(daphne.__version__)'), $WORKERS processes on one socket, portal.asgi, same settings but CONN_MAX_AGE=0 + psycopg pool (8 per process)"
    echo
    echo "Starting $DAPHNE_LABEL on 127.0.0.1:$PORT"
    collect_static
    BENCH_DB_POOL=1 "$PY" tests/perf/asgi_workers.py --port "$PORT" --workers "$WORKERS" \
        2> "$STATE/daphne.log" &
    SERVER_PID=$!
    wait_healthy "$PORT"
    quietness
    run_load "$PORT" "$DAPHNE_LABEL" "$RUN_DIR/daphne.json"
    stop_server
    RESULTS+=("$RUN_DIR/daphne.json")
fi

# -- exactness and the report ---------------------------------------------------------
echo
echo "manage.py reconcile_tallies --dry-run:"
RECONCILE=$("$PY" manage.py reconcile_tallies --dry-run | tail -1)
echo "  $RECONCILE"
MEM=$(free -g | awk '/^Mem:/ {print $2 " GiB total, " $7 " GiB available"}')
MACHINE="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $MEM; PostgreSQL $(psql -h 127.0.0.1 -U postgres -tAc 'SHOW server_version' 2>/dev/null | cut -d' ' -f1 || echo '?'), Redis $(redis-cli -h 127.0.0.1 INFO server 2>/dev/null | awk -F: '/^redis_version/ {print $2}' | tr -d '\r' || echo '?'), Python $("$PY" -c 'import platform; print(platform.python_version())'), Django $("$PY" -c 'import django; print(django.get_version())'); load generator on the same cores"
echo "Results of this run: $RUN_DIR"
"$PY" tests/perf/report.py "${RESULTS[@]}" \
    --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    --machine "$MACHINE" \
    --server "$GUNICORN_LABEL; Redis cache and cached_db sessions; TRUSTED_PROXY_COUNT=1" \
    --command "make bench  (bash tests/perf/run_bench.sh --workers $WORKERS --threads $THREADS)" \
    --reconcile "$RECONCILE"
