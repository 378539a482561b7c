"""The refusals of an import, each a 4xx naming the parameter at fault (the status is ``web.errors``')."""
from __future__ import annotations

from web.errors import Conflict, InvalidParameter, NotFound


class UnknownFormat(InvalidParameter):
    code = "UnknownFormat"


class UnsafeArchive(InvalidParameter):
    """A zip that would unpack outside itself, or to far more than it weighs (a bomb)."""

    code = "UnsafeArchive"


class IncompleteShapefile(InvalidParameter):
    code = "IncompleteShapefile"


class UnreadableFile(InvalidParameter):
    code = "UnreadableFile"


class WrongEncoding(InvalidParameter):
    code = "WrongEncoding"


class MissingCrs(InvalidParameter):
    code = "MissingCrs"


class ImportNotFound(NotFound):
    """No such import, or not the caller's: the same 404, so ids of others' imports are not revealed."""


class ImportFinished(Conflict):
    code = "ImportFinished"


class ImportNotReady(Conflict):
    code = "ImportNotReady"


class InvalidRows(Conflict):
    """A commit refused because rows are invalid (at the dry run, or found so at commit): ``rows`` names them."""

    code = "InvalidRows"

    def __init__(self, description: str, *, rows: list[dict]):
        super().__init__(description, parameter="file")
        self.rows = rows

    def as_dict(self) -> dict:
        return {**super().as_dict(), "rows": self.rows}


class ChangedSinceDryRun(InvalidRows):
    """A commit refused because features it changes were changed by another edit since its dry run."""
