"""``manage.py account_token_revoke PREFIX``: revoke the token whose public prefix is PREFIX."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken


class Command(BaseCommand):
    help = "Revoke the API token with this prefix (the 8 hex digits after 'pd_'); it is refused from the next request."

    def add_arguments(self, parser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args, prefix: str, **options) -> None:
        token = ApiToken.objects.filter(prefix=prefix.removeprefix("pd_")[:8]).first()
        if token is None:
            raise CommandError(f"no token with prefix {prefix!r}")
        token.revoke()
        self.stdout.write(f"revoked {token.prefix} of {token.user.username} at {token.revoked_at.isoformat()}")
