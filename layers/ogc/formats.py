"""Output formats of the OGC API pages: the ``f`` parameter first, then the ``Accept`` header.

Every resource answers ``json`` (the default, also for ``*/*`` and for an Accept header naming nothing we have)
and ``html`` (what browsers ask for). Items and features are GeoJSON, sent as ``application/geo+json`` unless the
client prefers plain ``application/json`` (both are accepted, as GDAL asks for either).
"""
from __future__ import annotations

from layers.errors import InvalidParameter

JSON = "json"
HTML = "html"
GEOJSON_TYPE = "application/geo+json"
JSON_TYPE = "application/json"
HTML_TYPE = "text/html"
OPENAPI_TYPE = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA_TYPE = "application/schema+json"

F_VALUES = {"json": JSON, "geojson": JSON, "html": HTML}

# Media types we can answer, in order of preference on a tie, with the format each one means.
_OFFERS = ((GEOJSON_TYPE, JSON), (JSON_TYPE, JSON), ("application/vnd.oai.openapi+json", JSON), (HTML_TYPE, HTML))


def parse_accept(accept: str | None) -> list[tuple[str, float]]:
    """``[(media type without parameters, q), ...]`` of an Accept header; malformed q values count as 1."""
    ranges = []
    for item in (accept or "").split(","):
        media, *params = (part.strip() for part in item.split(";"))
        if not media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 1.0
        ranges.append((media.lower(), q))
    return ranges


def _quality(offer: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching ``offer`` (0 when none matches)."""
    kind = offer.split("/")[0]
    best, specificity = 0.0, -1
    for media, q in ranges:
        level = 2 if media == offer else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
        if level > specificity:
            best, specificity = q, level
    return best


def preferred_type(accept: str | None, offers: tuple[str, ...]) -> str | None:
    """The offer the Accept header rates highest (earlier offers win ties); ``None`` if it rates none above 0."""
    ranges = parse_accept(accept)
    if not ranges:
        return None
    rated = [(_quality(offer, ranges), -index, offer) for index, offer in enumerate(offers)]
    q, _, offer = max(rated)
    return offer if q > 0 else None


def negotiate(f: str | None, accept: str | None) -> str:
    """``json`` or ``html``: ``f`` when given (400 naming ``f`` if unsupported), else the Accept header."""
    if f is not None:
        try:
            return F_VALUES[f.strip().lower()]
        except KeyError:
            raise InvalidParameter(f"Unsupported format f={f!r}; use f=json or f=html.", parameter="f") from None
    offer = preferred_type(accept, tuple(media for media, _ in _OFFERS))
    return dict(_OFFERS).get(offer, JSON) if offer else JSON


def geojson_type(accept: str | None) -> str:
    """``application/geo+json`` unless the client rates plain ``application/json`` higher."""
    return preferred_type(accept, (GEOJSON_TYPE, JSON_TYPE)) or GEOJSON_TYPE
