"""The upload view skips Django's CSRF middleware (token clients send none) and checks for itself: an anonymous
upload is a 401, a browser session's upload without its CSRF token a 403 that stores nothing, and with it a 201."""
from django.test import Client

from cases.patrols.models import Track

from .conftest import gpx, road_points, timed

URL = "/api/patrols/tracks"
PASSWORD = "patrol-session-2026"


def test_a_session_upload_needs_its_csrf_token_and_an_anonymous_one_a_sign_in(account, street_grid):
    user, _ = account("grid_member", grids=[street_grid], password=PASSWORD)
    points = road_points(street_grid, pieces=slice(0, 2))
    body = gpx(points, timed(points))
    assert Client().post(URL, body, content_type="application/gpx+xml").status_code == 401
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username=user.username, password=PASSWORD)
    browser.get("/accounts/login")
    refused = browser.post(URL, body, content_type="application/gpx+xml")
    assert refused.status_code == 403 and refused.json()["parameter"] == "X-CSRFToken"
    assert not Track.objects.filter(owner=user).exists()
    taken = browser.post(URL, body, content_type="application/gpx+xml",
                         HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert taken.status_code == 201, taken.content
    assert Track.objects.filter(owner=user).count() == 1
