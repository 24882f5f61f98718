"""The audit log: one row per event in the same transaction, refusals, logins, hash chain,
append-only in the application and (PostgreSQL) in the database, archiving without deletion."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, InternalError, connection, transaction
from django.db.utils import DatabaseError

from security import audit
from security.audit import first_broken
from security.models import AuditArchive, AuditEntry
from security.models.audit import AppendOnlyError
from suggestions import services
from suggestions.errors import NotPermitted
from suggestions.models import Event
from tests import steps


def test_every_event_has_its_audit_row_with_actor(world):
    s = steps.replied(world)
    events = list(Event.objects.filter(suggestion=s).values_list("pk", "verb", "actor_id"))
    rows = AuditEntry.objects.filter(action=audit.TRANSITION, object_id=str(s.pk))
    by_event = {r.detail["event"]: r for r in rows}
    assert set(by_event) == {pk for pk, _verb, _actor in events}
    for pk, verb, actor in events:
        assert by_event[pk].detail["verb"] == verb
        assert by_event[pk].actor_id == actor


def test_audit_row_rolls_back_with_a_failed_transition(world):
    s = steps.submitted(world)
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.suggestion_accept(user=world.staff, suggestion=s)
        raise RuntimeError("crash after the event was written")
    assert AuditEntry.objects.count() == before
    assert first_broken() is None


def test_chain_verifies_and_reports_the_first_tampered_row(world, capsys):
    steps.assigned(world)
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out
    rows = list(AuditEntry.objects.order_by("id"))
    victim = rows[len(rows) // 2]
    if connection.vendor == "postgresql":
        pytest.skip("the database trigger forbids the tampering this test simulates")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE security_auditentry SET username = %s WHERE id = %s", ["mallory", victim.pk]
        )
    assert first_broken().pk == victim.pk
    with pytest.raises(CommandError, match=f"row {victim.pk}"):
        call_command("verify_audit")


def test_removed_row_breaks_the_chain_at_its_successor(world):
    steps.accepted(world)
    rows = list(AuditEntry.objects.order_by("id"))
    assert len(rows) >= 4
    if connection.vendor == "postgresql":
        pytest.skip("the database trigger forbids the deletion this test simulates")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM security_auditentry WHERE id = %s", [rows[2].pk])
    assert first_broken().pk == rows[3].pk


def test_application_cannot_change_or_delete_audit_rows(world):
    steps.draft(world)
    entry = AuditEntry.objects.first()
    entry.username = "mallory"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().update(username="mallory")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


@pytest.mark.postgres
def test_postgresql_trigger_rejects_update_and_delete(world, require_postgres):
    steps.draft(world)
    pk = AuditEntry.objects.values_list("pk", flat=True).first()
    for sql in (
        "UPDATE security_auditentry SET username = 'mallory' WHERE id = %s",
        "DELETE FROM security_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises((InternalError, DatabaseError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    assert AuditEntry.objects.filter(pk=pk, username="zhangwei").exists()


def test_permission_refusal_by_http_is_logged_with_source_ip(world, client):
    client.force_login(world.other_handler)
    s = steps.assigned(world)
    response = client.get("/security/files/999999/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 404
    row = AuditEntry.objects.filter(action=audit.REFUSED).latest("id")
    assert (row.username, row.ip, row.outcome) == ("civ1", "10.1.2.3", "refused")
    assert row.detail["status"] == 404
    assert s.pk  # the refused user had nothing to do with this suggestion


def test_service_refusal_writes_no_event_and_no_transition_row(world):
    s = steps.submitted(world)
    before = AuditEntry.objects.count()
    with pytest.raises(NotPermitted):
        services.suggestion_accept(user=world.zhang, suggestion=s)
    assert AuditEntry.objects.count() == before


def test_login_logout_and_failure_are_logged(world, client):
    assert (
        client.post(
            "/security/login/",
            {"username": "zhangwei", "password": "wrong"},
            REMOTE_ADDR="10.0.0.9",
        ).status_code
        == 200
    )
    failed = AuditEntry.objects.get(action=audit.LOGIN_FAILED)
    assert (failed.username, failed.ip, failed.outcome) == ("zhangwei", "10.0.0.9", "failure")
    assert "wrong" not in json.dumps(failed.detail)
    client.post("/security/login/", {"username": "zhangwei", "password": "Demo-pass-2026"})
    client.post("/security/logout/")
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions[-2:] == [audit.LOGIN, audit.LOGOUT]


def test_archive_exports_old_rows_keeps_them_and_records_the_archive(world, tmp_path, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), tick=False):
        steps.submitted(world)
    old = AuditEntry.objects.count()
    steps.draft(world, title="另一条建议")
    total = AuditEntry.objects.count()
    with time_machine.travel(dt.datetime(2026, 8, 1, 9, tzinfo=dt.UTC), tick=False):
        call_command("archive_audit", dir=str(tmp_path))
        call_command("archive_audit", dir=str(tmp_path))  # nothing new: no second archive
    archive = AuditArchive.objects.get()
    lines = (tmp_path / archive.path.rsplit("/", 1)[-1]).read_text().splitlines()
    assert archive.rows == len(lines) > 0
    assert all(json.loads(line)["created_at"] < "2026-02" for line in lines)
    assert AuditEntry.objects.count() == total + 1  # nothing deleted; the archive itself logged
    assert old >= archive.rows
    assert first_broken() is None


def test_admin_site_changes_are_logged(world, client):
    sysadmin = world.staff
    sysadmin.role, sysadmin.is_staff = "sysadmin", True
    sysadmin.save()
    client.force_login(sysadmin)
    response = client.post(
        "/admin/suggestions/user/add/",
        {
            "username": "newclerk",
            "password1": "Lantern-42x",
            "password2": "Lantern-42x",
            "role": "staff",
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].errors
    row = AuditEntry.objects.filter(action=audit.ADMIN_CHANGE).latest("id")
    assert (row.username, row.detail["flag"], row.detail["object"]) == (
        "chenjing",
        "add",
        "newclerk",
    )
    from security import policy
    from suggestions.models import User

    assert policy.login_block_reason(User.objects.get(username="newclerk")) == (
        "password_change_required"
    )


def test_publication_and_export_are_recorded(world):
    s = steps.replied(world)
    from suggestions.services.base import log_event

    with transaction.atomic():
        log_event(s, "published", world.staff)
    assert AuditEntry.objects.filter(
        action=audit.PUBLICATION, object_id=str(s.pk), username="chenjing"
    ).exists()
    audit.record(audit.EXPORT, user=world.staff, rows=12, format="xlsx")
    row = AuditEntry.objects.latest("id")
    assert (row.action, row.detail) == ("export", {"rows": 12, "format": "xlsx"})
    assert first_broken() is None
