"""The upload view skips Django's CSRF middleware (token clients send none) and checks for itself: an anonymous
upload is a 401, a browser session's upload without its CSRF token a 403 that stores nothing, and with it a 201."""
from django.test import Client

from cases.patrols.models import Track
from tests.accounts.conftest import session  # noqa: F401  (fixture)

from .conftest import gpx, road_points, timed

URL = "/api/patrols/tracks"


def test_a_session_upload_needs_its_csrf_token_and_an_anonymous_one_a_sign_in(session, street_grid):
    points = road_points(street_grid, pieces=slice(0, 2))
    body = gpx(points, timed(points))
    assert Client().post(URL, body, content_type="application/gpx+xml").status_code == 401
    user, browser, csrf = session("grid_member", grids=[street_grid])
    refused = browser.post(URL, body, content_type="application/gpx+xml")
    assert refused.status_code == 403 and refused.json()["parameter"] == "X-CSRFToken"
    assert not Track.objects.filter(owner=user).exists()
    taken = browser.post(URL, body, content_type="application/gpx+xml", **csrf)
    assert taken.status_code == 201, taken.content
    assert Track.objects.filter(owner=user).count() == 1
