"""Verification counts only on site: a location sent with the step, or else the camera position (EXIF GPS) of a photo
sent with it, within ``PINGDING_CASES_VERIFY_DISTANCE_M`` of the case; the stored photo keeps no GPS."""
from __future__ import annotations

import io

from PIL import Image

from cases.models import CaseStep
from cases.reports.images import gps_of
from tests.cases.reports.conftest import data_file

_GPS_IFD = 0x8825


def photo_taken_at(lon: float, lat: float) -> bytes:
    """A small JPEG whose EXIF GPS says it was taken at (lon, lat), WGS 84 degrees."""
    def dms(value: float) -> tuple[float, float, float]:
        minutes = (value % 1) * 60
        return float(int(value)), float(int(minutes)), round((minutes % 1) * 60, 4)

    exif = Image.Exif()
    exif[_GPS_IFD] = {1: "N", 2: dms(lat), 3: "E", 4: dms(lon)}
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(out, "JPEG", exif=exif)
    return out.getvalue()


SEAT_WGS84 = (113.62671, 37.79558)
"""The phone's GCJ-02 seat point (tests.cases.reports.conftest.SEAT_GCJ02) in WGS 84."""


def handled(incident, crew, act) -> None:
    for token, action in ((crew.operator, "file"), (crew.dispatcher, "dispatch"), (crew.department, "accept"),
                          (crew.department, "feed_back")):
        assert act(token, incident.pk, action).status_code == 200


def test_the_camera_position_of_a_photo_on_site_verifies(phone_case, crew_for, act, photos_root, committing):
    incident = phone_case()
    crew = crew_for(incident)
    handled(incident, crew, act)
    with committing():
        answer = act(crew.grid_member, incident.pk, "verify", photos=[("site.jpg", photo_taken_at(*SEAT_WGS84),
                                                                        "image/jpeg")])
    assert answer.status_code == 200, answer.content
    step = CaseStep.objects.get(case_id=incident.pk, action="verify")
    assert step.distance_m < 5 and abs(step.location.x - SEAT_WGS84[0]) < 1e-4
    stored = photos_root / step.photos[0]["path"]
    assert gps_of(Image.open(stored)) is None


def test_a_photo_taken_too_far_away_is_a_422(phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    handled(incident, crew, act)
    far = act(crew.grid_member, incident.pk, "verify",
              photos=[("far.jpg", data_file("jpeg_exif_rotated_with_gps.jpg"), "image/jpeg")])
    assert far.status_code == 422 and far.json()["code"] == "VerificationTooFar"
    assert far.json()["parameter"] == "location" and "50 m" in far.json()["description"]
    assert not CaseStep.objects.filter(case_id=incident.pk, action="verify").exists()


def test_a_photo_without_a_position_does_not_verify(phone_case, crew_for, act):
    incident = phone_case()
    crew = crew_for(incident)
    handled(incident, crew, act)
    answer = act(crew.grid_member, incident.pk, "verify", photos=[("x.jpg", data_file("photo_16px.jpg"), "image/jpeg")])
    assert answer.status_code == 422 and answer.json()["parameter"] == "location"


def test_gps_of_reads_the_exif_position():
    lon, lat = gps_of(Image.open(io.BytesIO(data_file("jpeg_exif_rotated_with_gps.jpg"))))
    assert (round(lon, 5), round(lat, 5)) == (113.62694, 37.795)
    assert gps_of(Image.open(io.BytesIO(data_file("photo_16px.jpg")))) is None
