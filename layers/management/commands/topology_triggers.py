"""``manage.py topology_triggers``: (re)install the topology rules' triggers of every layer of the registry."""
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from layers.registry import LAYERS
from layers.topology import triggers


class Command(BaseCommand):
    help = "Install or refresh the topology triggers of the rules every layer declares (idempotent; --uninstall drops them)."

    def add_arguments(self, parser):
        parser.add_argument("--uninstall", action="store_true", help="drop the triggers")

    def handle(self, *args, uninstall: bool = False, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            (triggers.uninstall if uninstall else triggers.install)(cursor)
        rules = "; ".join(f"{layer.id}: {', '.join(layer.topology)}" for layer in LAYERS if layer.topology)
        self.stdout.write(f"{'Dropped' if uninstall else 'Installed'} topology triggers ({rules})")
