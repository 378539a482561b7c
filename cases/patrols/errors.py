"""What a client can get wrong in a track; each names the parameter (``body``, ``crs``, ``date``...) at fault."""
from __future__ import annotations

from web.errors import ApiError, Forbidden, InvalidParameter


class MalformedTrack(InvalidParameter):
    """Not a GPX 1.1 or GeoJSON track: bad XML or JSON, entities or a DTD, missing points or times."""

    code = "MalformedTrack"


class TimesGoBack(InvalidParameter):
    code = "TimesGoBackward"


class TooFast(InvalidParameter):
    code = "SpeedTooHigh"


class OutsideCounty(InvalidParameter):
    code = "OutsideCounty"


class TrackTooLarge(ApiError):
    status = 413
    code = "PayloadTooLarge"


class NotYourGrids(Forbidden):
    """A grid member's track that touches none of its grids."""
