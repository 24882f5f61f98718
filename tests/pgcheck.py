"""Is the local PostgreSQL server up? CI fails rather than skips PostgreSQL-only tests when not."""

import socket


def postgres_reachable(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False
