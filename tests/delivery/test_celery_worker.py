"""Integration: a notification committed by one process is delivered by a real Celery worker on
the local Redis, through a real (file-based) mail backend, and a new draft is indexed for search
by the same worker. Skips without Redis; fails in CI."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)

PRODUCER = """
from django.db import transaction
from notifications.signals import notify
from suggestions.models import Role, User

staff = User.objects.create_user("staff1", role=Role.STAFF, password="x")
handler = User.objects.create_user(
    "handler1", email="handler1@example.org", role=Role.UNIT_HANDLER, password="x"
)
with transaction.atomic():
    notify.send(staff, recipient=[handler], verb="closed", data={"title": "WORKER-DELIVERED"})

# A new draft: after its commit the search index is updated by the worker, not by this process.
import datetime as dt
from suggestions import services
from suggestions.models import Deputy, Session

deputy = Deputy.objects.create(name="张伟")
author = User.objects.create_user("deputy1", role=Role.DEPUTY, password="x", deputy=deputy)
session = Session.objects.create(
    name="第五次会议", year=2026, start_date=dt.date(2026, 1, 8), end_date=dt.date(2026, 12, 31)
)
services.suggestion_create(
    user=author, session=session, title="关于学校周边增设信号灯的建议", content="上下学时段车流密集。"
)
"""


def redis_available() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def redis():
    if not redis_available():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is not running on 127.0.0.1:6379 (required in CI)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def _delivery_states(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db, timeout=20) as conn:
        return conn.execute("SELECT channel, state FROM delivery_delivery").fetchall()


def _indexed(db: Path) -> int:
    with sqlite3.connect(db, timeout=20) as conn:
        return conn.execute("SELECT COUNT(*) FROM office_searchdocument").fetchone()[0]


def test_a_real_worker_delivers_a_committed_notification(redis, tmp_path):
    db, mail_dir = tmp_path / "db.sqlite3", tmp_path / "mail"
    queue = f"test-delivery-{uuid.uuid4().hex[:8]}"  # other workers on this Redis never take it
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    _manage(env, "migrate", "--noinput")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "info",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _manage(env, "shell", "-c", PRODUCER)
        # The producer only queued a task: nothing is delivered until the worker takes it.
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and (
            ("email", "sent") not in _delivery_states(db) or _indexed(db) == 0
        ):
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.5)
    finally:
        worker.terminate()
        log, _ = worker.communicate(timeout=30)
    assert _delivery_states(db) == [("email", "sent")], log
    assert "delivery.deliver_pending" in log
    assert "office.index_suggestions" in log and _indexed(db) == 1
    [message] = [p.read_text() for p in mail_dir.iterdir()]
    assert "WORKER-DELIVERED" in message
    assert "handler1@example.org" in message
