# The opening hours moved to their own app ("hours"): the tables are renamed to
# that app's names here and the models leave this app's state; hours/0001 takes
# them over without touching the database.

from django.db import migrations

MOVED = ("openinghours", "openingperiod", "openingexception", "openingexceptionperiod")


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0003_opening_hours'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"hours_{name}") for name in MOVED
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name='openingexceptionperiod',
                    name='exception',
                ),
                migrations.RemoveField(
                    model_name='openinghours',
                    name='site',
                ),
                migrations.RemoveField(
                    model_name='openingperiod',
                    name='hours',
                ),
                migrations.DeleteModel(
                    name='OpeningException',
                ),
                migrations.DeleteModel(
                    name='OpeningExceptionPeriod',
                ),
                migrations.DeleteModel(
                    name='OpeningHours',
                ),
                migrations.DeleteModel(
                    name='OpeningPeriod',
                ),
            ],
        ),
    ]
