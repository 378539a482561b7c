"""The county centre's case-loop roles: operator, dispatcher, shift_leader (accounts.principal.ROLES)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_account_layers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='account',
            name='account_role_known',
        ),
        migrations.AlterField(
            model_name='account',
            name='role',
            field=models.CharField(choices=[('api_client', 'api_client'), ('reporter', 'reporter'), ('grid_member', 'grid_member'), ('department', 'department'), ('gis_editor', 'gis_editor'), ('leader', 'leader'), ('admin', 'admin'), ('operator', 'operator'), ('dispatcher', 'dispatcher'), ('shift_leader', 'shift_leader')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='account',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ('api_client', 'reporter', 'grid_member', 'department', 'gis_editor', 'leader', 'admin', 'operator', 'dispatcher', 'shift_leader'))), name='account_role_known'),
        ),
    ]
