"""Seed the working-day calendar from chinese-calendar (idempotent; years present are kept), and
treat notifications written before delivery existed as already delivered (no e-mail flood)."""

from django.db import migrations


def seed(apps, schema_editor):
    from suggestions.workdays import seed_from_package

    seed_from_package(
        day_model=apps.get_model("suggestions", "CalendarDay"),
        year_model=apps.get_model("suggestions", "CalendarYear"),
    )


def mark_old_notifications(apps, schema_editor):
    apps.get_model("notifications", "Notification").objects.filter(emailed=False).update(
        emailed=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0001_initial"),
        ("suggestions", "0001_initial"),
        ("notifications", "0013_alter_notification_level"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(mark_old_notifications, migrations.RunPython.noop),
    ]
