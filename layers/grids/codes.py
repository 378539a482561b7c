"""New grid codes: the community code plus the next free sequence in that community (``spatial.codes`` rules)."""
from __future__ import annotations

from collections.abc import Sequence

from spatial.codes import GRID_CODE_LENGTH, parse_grid_code
from web.errors import Conflict, InvalidParameter

from .sql import sql_sequences

COMMUNITY_DIGITS = 12


def next_codes(cursor, community: str, count: int) -> list[str]:
    """``count`` codes after the largest sequence of the community's grids (retired codes are not reused within
    the transaction that retires them: the grids being re-divided still count)."""
    cursor.execute(sql_sequences(), {"community": community})
    width = GRID_CODE_LENGTH - COMMUNITY_DIGITS
    used = [int(code[COMMUNITY_DIGITS:]) for (code,) in cursor.fetchall() if len(code) == GRID_CODE_LENGTH]
    start = max(used, default=0) + 1
    if start + count - 1 >= 10**width:
        raise Conflict(f"Community {community} has no free grid sequence left ({width} digits); name the new codes.",
                       parameter="codes")
    return [f"{community}{sequence:0{width}d}" for sequence in range(start, start + count)]


def chosen_codes(cursor, community: str, given: Sequence[str], *, retiring: Sequence[str],
                 parameters: Sequence[str]) -> list[str]:
    """Codes the caller chose (``parameters``: the name of each in the request): valid grid codes of ``community``,
    distinct, and not codes of grids other than the ``retiring`` ones."""
    codes = []
    for name, code in zip(parameters, given):
        if not isinstance(code, str):
            raise InvalidParameter(f"{name} must be a grid code (a string of digits).", parameter=name)
        parse_grid_code(code, parameter=name)
        if not code.startswith(community):
            raise InvalidParameter(f"{name} {code!r} must start with {community}, the community of the grids.",
                                   parameter=name)
        if code in codes:
            raise InvalidParameter(f"{name} {code!r} is given twice.", parameter=name)
        codes.append(code)
    cursor.execute(sql_sequences(), {"community": community})
    taken = {code for (code,) in cursor.fetchall()} - set(retiring)
    for name, code in zip(parameters, codes):
        if code in taken:
            raise Conflict(f"Grid {code} exists already; choose a free code (or leave it out for the next one).",
                           parameter=name)
    return codes
