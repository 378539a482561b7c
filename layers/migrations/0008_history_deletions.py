"""The history's index of deletions (``layers_history_deletions``): the deleted, restorable features of a layer are
listed from it (``layers.history.selectors.deleted_features``)."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("layers", "0007_history"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS layers_history_deletions ON layers_history (layer, feature_id)"
            " WHERE operation = 'delete'",
            "DROP INDEX IF EXISTS layers_history_deletions",
        ),
    ]
