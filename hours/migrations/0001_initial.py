# The opening hours were first part of the cms app; cms/0004 renamed their
# tables to this app's names, so this migration only takes the models over in
# Django's state, and moves their content types (and with them permissions and
# log entries) to this app.

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models


MOVED = ("openinghours", "openingperiod", "openingexception", "openingexceptionperiod")


def _relabel(apps, schema_editor, old: str, new: str):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.using(schema_editor.connection.alias).filter(
        app_label=old, model__in=MOVED
    ).update(app_label=new)


def move_content_types(apps, schema_editor):
    _relabel(apps, schema_editor, "cms", "hours")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, schema_editor, "hours", "cms")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cms', '0004_move_opening_hours_to_hours'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('wagtailcore', '0098_apitoken'),
    ]

    state_operations = [
        migrations.CreateModel(
            name='OpeningException',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start_date', models.DateField(verbose_name='from')),
                ('end_date', models.DateField(verbose_name='until and including')),
                ('reason', models.CharField(help_text='Shown to visitors, e.g. “Annual holiday” or “Village fair”.', max_length=100, verbose_name='reason')),
                ('closed', models.BooleanField(default=True, help_text='Untick and add periods below when open at other hours on these days.', verbose_name='closed')),
            ],
            options={
                'verbose_name': 'exception',
                'verbose_name_plural': 'exceptions',
                'ordering': ['start_date'],
            },
        ),
        migrations.CreateModel(
            name='OpeningExceptionPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('opens', models.TimeField(verbose_name='opens')),
                ('closes', models.TimeField(verbose_name='closes')),
                ('until_next_day', models.BooleanField(default=False, help_text='Tick when the period closes after midnight, e.g. 18:00 to 01:00.', verbose_name='until the next day')),
                ('exception', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='periods', to='hours.openingexception')),
            ],
            options={
                'verbose_name': 'period',
                'verbose_name_plural': 'periods',
                'ordering': ['opens'],
            },
        ),
        migrations.CreateModel(
            name='OpeningHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'opening hours',
                'verbose_name_plural': 'opening hours',
            },
        ),
        migrations.AddField(
            model_name='openingexception',
            name='hours',
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='exceptions', to='hours.openinghours'),
        ),
        migrations.CreateModel(
            name='OpeningPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('opens', models.TimeField(verbose_name='opens')),
                ('closes', models.TimeField(verbose_name='closes')),
                ('until_next_day', models.BooleanField(default=False, help_text='Tick when the period closes after midnight, e.g. 18:00 to 01:00.', verbose_name='until the next day')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')], verbose_name='day')),
                ('hours', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='periods', to='hours.openinghours')),
            ],
            options={
                'verbose_name': 'weekly period',
                'verbose_name_plural': 'weekly periods',
                'ordering': ['weekday', 'opens'],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=state_operations),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
