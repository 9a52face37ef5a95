"""Run N daphne processes on one listening socket (for the ASGI comparison).

    python tests/perf/asgi_workers.py --port 8200 --workers 3

daphne has no worker option; the kernel shares the accepted connections of
one socket between the processes that adopt it (``daphne --fd``). SIGTERM or
SIGINT stops them all."""

import argparse
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", args.port))
    sock.listen(2048)
    fd = sock.fileno()
    daphne = str(Path(sys.executable).with_name("daphne"))
    children = [
        subprocess.Popen(  # noqa: S603 - our own venv's daphne, fixed arguments
            [
                daphne,
                "--fd",
                str(fd),
                "--access-log",
                "/dev/null",
                "-v",
                "0",
                "portal.asgi:application",
            ],
            pass_fds=[fd],
        )
        for _ in range(args.workers)
    ]

    stopping = []

    def stop(*_):
        if not stopping:
            stopping.append(time.monotonic())
            for child in children:
                child.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while any(child.poll() is None for child in children):
        if stopping and time.monotonic() - stopping[0] > 10:
            for child in children:
                child.kill()
        time.sleep(0.2)
    stop()


if __name__ == "__main__":
    main()
