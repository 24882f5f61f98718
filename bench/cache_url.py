"""Print the cache the benchmark runs with: `CACHE_URL` when set, else the local Redis when it
answers (as in production, docs/deployment.md: the pages' cached parts cost a round trip each),
else the in-process cache. `make bench` exports it before Django starts."""

from __future__ import annotations

import os
import socket

LOCAL_REDIS = ("127.0.0.1", 6379)
# A database of its own, so that the benchmark's keys never mix with a development server's.
REDIS_URL = "redis://127.0.0.1:6379/3"


def main() -> str:
    if os.environ.get("CACHE_URL"):
        return os.environ["CACHE_URL"]
    try:
        with socket.create_connection(LOCAL_REDIS, timeout=0.5):
            return REDIS_URL
    except OSError:
        return "locmemcache://"


if __name__ == "__main__":
    print(main())
