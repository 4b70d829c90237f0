# The encoder only changes how Python writes the JSON text, not the column: state only, so SQLite does not
# copy the whole findings table to "alter" a column that stays as it is.

from django.db import migrations, models

import qingfeng.screening.evidence


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0004_run_mode'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='finding',
                    name='evidence_rows',
                    field=models.JSONField(default=list, encoder=qingfeng.screening.evidence.EvidenceEncoder),
                ),
            ],
            database_operations=[],
        ),
    ]
