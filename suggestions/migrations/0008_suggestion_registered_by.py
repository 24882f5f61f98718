# Who registered a suggestion now decides who sees it while it is a draft
# (`permissions.can_view_draft`): committee staff see only the drafts staff registered.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def drafts_without_registrant_are_the_deputys_own(apps, schema_editor):
    """Every suggestion made through the create service already names who registered it (the
    deputy, or the staff member for a paper one), so that record is kept. A draft without one
    (loaded around the service) is taken to be the lead deputy's own: it gets their account
    where they have one, and stays hidden from staff either way."""
    Suggestion = apps.get_model("suggestions", "Suggestion")
    User = apps.get_model("suggestions", "User")
    account = User.objects.filter(deputy_id=OuterRef("lead_deputy_id")).values("pk")[:1]
    Suggestion.objects.filter(status="draft", created_by__isnull=True).update(
        created_by=Subquery(account)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0007_rating_entered_by_staff_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="suggestion",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="registered by",
            ),
        ),
        migrations.RunPython(
            drafts_without_registrant_are_the_deputys_own, migrations.RunPython.noop, elidable=True
        ),
    ]
