"""``manage.py tiles_triggers``: (re)install the tile cache invalidation triggers from the layer registry."""
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from layers.registry import LAYERS
from tiles import triggers


class Command(BaseCommand):
    help = "Install or refresh the tile cache invalidation triggers of every layer (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--uninstall", action="store_true", help="drop the triggers and the function instead")

    def handle(self, *args, uninstall: bool = False, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            (triggers.uninstall if uninstall else triggers.install)(cursor)
        tables = ", ".join(layer.table for layer in LAYERS)
        self.stdout.write(f"{'Dropped' if uninstall else 'Installed'} tile cache triggers on: {tables}")
