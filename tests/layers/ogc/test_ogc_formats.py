"""Format negotiation: f first, then Accept; GeoJSON as application/geo+json unless plain JSON is preferred."""
import pytest

from layers.errors import InvalidParameter
from layers.ogc.formats import geojson_type, negotiate, parse_accept

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
GDAL = "application/geo+json, application/json"


@pytest.mark.parametrize(
    ("f", "accept", "expected"),
    [
        (None, None, "json"), (None, "", "json"), (None, "*/*", "json"), (None, BROWSER, "html"), (None, GDAL, "json"),
        (None, "application/json", "json"), (None, "image/png", "json"), (None, "text/*", "html"),
        (None, "text/html;q=0.5, application/json", "json"), (None, "application/vnd.oai.openapi+json;version=3.0", "json"),
        ("html", GDAL, "html"), ("json", BROWSER, "json"), ("JSON", None, "json"), ("geojson", None, "json"),
    ],
)
def test_negotiate(f, accept, expected):
    assert negotiate(f, accept) == expected


def test_an_unknown_f_is_a_400_naming_f():
    with pytest.raises(InvalidParameter) as error:
        negotiate("xml", None)
    assert error.value.parameter == "f"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [(None, "application/geo+json"), (GDAL, "application/geo+json"), ("application/json", "application/json"),
     ("*/*", "application/geo+json"), ("application/json, application/geo+json;q=0.5", "application/json")],
)
def test_geojson_media_type(accept, expected):
    assert geojson_type(accept) == expected


def test_parse_accept_tolerates_junk():
    assert parse_accept("text/html;q=abc, ,application/json;q=2") == [("text/html", 1.0), ("application/json", 1.0)]
