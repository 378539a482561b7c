"""``manage.py account_token USERNAME [--name NAME]``: a new API token, printed on the last line (shown once)."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.services import new_token


class Command(BaseCommand):
    help = "Make a new API token for USERNAME and print it on the last line (it is shown only this once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="what the token is for")

    def handle(self, *args, username: str, name: str, **options) -> None:
        try:
            row, text = new_token(username, name=name)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"token {row.prefix} expires {row.expires_at.isoformat()}; shown once:")
        self.stdout.write(text)
