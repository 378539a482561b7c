"""The accounts assigned to re-divided grids (``accounts.Account.grids``) take the new codes."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from accounts.models import Account

from .report import AccountChange


def reassign_accounts(mapping: Mapping[str, Sequence[str]]) -> tuple[AccountChange, ...]:
    """Replace each retired code of ``mapping`` by its new codes (a merged grid's one code, a split grid's parts)
    in every account assigned to it, in the caller's transaction; the changes, by username."""
    changes = []
    accounts = Account.objects.filter(grids__overlap=list(mapping)).select_related("user").order_by("user__username")
    for account in accounts.select_for_update(of=("self",)):
        before = tuple(account.grids)
        after = tuple(dict.fromkeys(new for code in before for new in mapping.get(code, [code])))
        account.grids = list(after)
        account.save(update_fields=["grids"])
        changes.append(AccountChange(account.user.get_username(), before, after))
    return tuple(changes)
