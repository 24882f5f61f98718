"""An outbox sender SIGKILLed after the mail is written but before its row is marked SENT: the
next sweep sends the message again, exactly once more, with the same Message-ID.

Honestly: e-mail is at-least-once with an idempotency key (the Message-ID `delivery-<id>`), not
exactly once — the receiver's mail system must drop the duplicate. What the outbox guarantees is
that nothing is lost and that a crash causes one re-send, never more.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db import connections
from django.db.models.signals import pre_save
from notifications.models import Notification

from delivery import outbox
from delivery.models import Delivery
from tests.delivery.helpers import give_email

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def message_ids(mail_dir: Path) -> list[str]:
    """The Message-ID of every mail the file backend wrote (one file per sending connection)."""
    ids = []
    for path in sorted(mail_dir.iterdir()):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                ids.append(message_from_bytes(chunk)["Message-ID"])
    return ids


def killed_between_sending_and_marking(fork) -> None:
    """A child process sweeps; it stops just before the SENT row is saved and is killed there."""
    connections.close_all()
    ready_read, ready_write = os.pipe()

    def child():
        connections.close_all()  # our own connection, never the parent's socket

        def pause(sender, instance, **kwargs):
            os.write(ready_write, b"x")  # the mail file is written and closed by now
            time.sleep(120)

        pre_save.connect(pause, sender=Delivery, weak=False)
        outbox.sweep()
        os._exit(0)

    worker = fork.Process(target=child)
    worker.start()
    assert os.read(ready_read, 1) == b"x"
    os.kill(worker.pid, signal.SIGKILL)
    worker.join(timeout=30)
    assert worker.exitcode == -signal.SIGKILL


def test_killed_sender_is_resent_exactly_once_with_the_same_message_id(
    world, require_postgres, settings, tmp_path
):
    if "fork" not in mp.get_all_start_methods():
        pytest.skip("needs the fork start method to kill a real sender process")
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    give_email(world.traffic_handler)
    Notification.objects.update(emailed=True)  # only the notice below is under test
    # Written without the signal: its after-commit kick would deliver it in this process.
    Notification.objects.create(
        actor=world.staff, recipient=world.traffic_handler, verb="assigned", data={"title": "t"}
    )
    assert outbox.fan_out() == 1
    delivery = Delivery.objects.get()

    killed_between_sending_and_marking(mp.get_context("fork"))

    assert len(message_ids(tmp_path)) == 1  # the mail server got it …
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (Delivery.State.PENDING, 0)  # … unmarked

    assert outbox.sweep()["sent"] == 1  # the restart sends it again
    first, second = message_ids(tmp_path)
    assert first == second == f"<{delivery.idempotency_key}@127.0.0.1>"
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert Delivery.objects.filter(state=Delivery.State.SENT).count() == 1

    assert outbox.sweep()["sent"] == 0  # and never again
    assert len(message_ids(tmp_path)) == 2
