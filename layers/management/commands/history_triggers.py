"""``manage.py history_triggers``: (re)install the history table's triggers on every layer of the registry."""
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from layers.history import triggers
from layers.registry import LAYERS


class Command(BaseCommand):
    help = "Install or refresh the history triggers of every layer (idempotent; --uninstall drops the triggers only)."

    def add_arguments(self, parser):
        parser.add_argument("--uninstall", action="store_true", help="drop the triggers (the history stays)")

    def handle(self, *args, uninstall: bool = False, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            (triggers.uninstall if uninstall else triggers.install)(cursor)
        tables = ", ".join(layer.table for layer in LAYERS)
        self.stdout.write(f"{'Dropped' if uninstall else 'Installed'} history triggers on: {tables}")
