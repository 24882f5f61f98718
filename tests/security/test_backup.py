"""`backup` and `restore`: everything (rows, encrypted personal data, uploaded files, the audit
chain, the workflow) comes back in an empty database."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import CommandError, call_command

from security.audit import first_broken
from security.management.commands.backup import row_counts
from security.models import AuditEntry
from suggestions.models import Attachment, Deputy, Event, Suggestion
from tests import steps
from tests.security.test_uploads import PDF, upload
from workflows.sync import waiting_task


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    deputy = world.zhang.deputy
    deputy.phone, deputy.id_number = "13812345678", "110101199003071234"
    deputy.save()
    s = steps.assigned(world)
    a = steps.assignment_of(s, world.traffic)
    steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head)
    closed = steps.closed(world, title="第二条建议")
    attachment = Attachment.objects.create(
        reply=a.replies.get(),
        file=upload("答复函.pdf", PDF),
        name="答复函.pdf",
        size=len(PDF),
        uploaded_by=world.traffic_handler,
    )
    before = row_counts()
    audit_head = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first()

    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "backup"))  # never over live data
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(tmp_path / "media")
    assert not Suggestion.objects.exists() and not AuditEntry.objects.exists()

    call_command("restore", str(tmp_path / "backup"))
    assert row_counts() == before
    assert Deputy.objects.get(pk=deputy.pk).phone == "13812345678"
    assert Suggestion.objects.get(pk=closed.pk).status == "closed"
    assert Event.objects.filter(suggestion_id=closed.pk).count() > 5
    restored = Attachment.objects.get(pk=attachment.pk)
    assert restored.file.read() == PDF
    assert first_broken() is None
    assert AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() == audit_head
    handled = Suggestion.objects.get(pk=s.pk)
    assert waiting_task(handled).flow_task.name == "reply_check"
