"""Celery tasks: a delivery pass after each commit, and the periodic pass (CELERY_BEAT_SCHEDULE).

The database is the source of truth; a task is only a nudge, so a lost task costs a minute's delay
(the next periodic sweep), never a lost message.
"""

from celery import shared_task

from delivery import outbox, periodic


@shared_task(name="delivery.deliver_pending", ignore_result=True)
def deliver_pending() -> dict:
    return outbox.sweep()


@shared_task(name="delivery.periodic_pass", ignore_result=True)
def periodic_pass() -> dict:
    return periodic.run_all()
