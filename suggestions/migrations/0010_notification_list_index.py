"""An index for everyone's notification list: newest first, by recipient.

The notifications app indexes (recipient, unread) only, so a page of the list read every notice
the reader ever had and sorted them: 694 rows for the busiest deputy at 1,000,000 suggestions
(97 at 100,000), about 200,000 for a committee staff account — a cost that grows with history.
Keyed by recipient and ordered as the list is (timestamp, id, newest first), a page is the first
20 entries of the index. The model belongs to a third-party app, hence SQL here (as in 0006).
"""

from django.db import migrations

INDEX = "notifications_by_recipient_newest"


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0009_suggestion_registered_by_staff"),
        ("notifications", "0013_alter_notification_level"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON notifications_notification "
            '(recipient_id, "timestamp" DESC, id DESC)',
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
