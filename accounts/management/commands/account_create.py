"""``manage.py account_create USERNAME --role ROLE [--grids CODE,...] [--department NAME] [--layers ID,...]
[--token]``."""
from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.principal import ROLES
from accounts.services import STAFF_ROLES, create_account, new_token, parse_list


class Command(BaseCommand):
    help = (f"Create a user with a role, grids, department and the layers it may write; with --token, print a new "
            f"API token on the last line. Roles {', '.join(STAFF_ROLES)} are staff: they sign in to the layer admin "
            f"(/admin) with the password (--password-stdin), where their role decides what they see and change.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(ROLES)}")
        parser.add_argument("--grids", default="", help="grid codes, comma-separated")
        parser.add_argument("--department", default="")
        parser.add_argument(
            "--layers", default="",
            help="layer ids it may write, comma-separated (e.g. components,buildings); empty: every layer whose "
                 "declaration lets its role write. Narrows writes only: it reads what its role reads.",
        )
        parser.add_argument("--token", action="store_true", help="also make an API token and print it last")
        parser.add_argument("--password-stdin", action="store_true", help="read a password for the login page")

    def handle(self, *args, username: str, role: str, grids: str, department: str, layers: str, token: bool,
               password_stdin: bool, **options) -> None:
        password = sys.stdin.readline().rstrip("\n") if password_stdin else None
        try:
            user = create_account(username, role, grids=parse_list(grids), department=department,
                                  layers=parse_list(layers), password=password)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"created {user.username} ({role})")
        if token:
            row, text = new_token(username, name="account_create")
            self.stdout.write(f"token {row.prefix} expires {row.expires_at.isoformat()}; shown once:")
            self.stdout.write(text)
