"""Photos: sniffed by magic bytes, staged under temporary names, published by rename or discarded."""
from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from layers.errors import InvalidParameter
from layers.reports.photos import (
    JPEG,
    PNG,
    WEBP,
    PayloadTooLarge,
    PhotoBatch,
    read_photos,
    sniff,
    sweep_staging,
)
from layers.reports.routing import route, territory_label

from .conftest import data_file


@pytest.mark.parametrize(
    ("name", "expected"),
    [("photo_16px.jpg", JPEG), ("photo_16px.png", PNG), ("photo_16px.webp", WEBP), ("text_renamed.jpg", None)],
)
def test_sniff_by_content(name, expected):
    assert sniff(data_file(name)[:12]) == expected


@pytest.mark.parametrize(
    "head", [b"", b"\xff\xd8", b"RIFF\x00\x00\x00\x00WAVE", b"GIF89a", b"<svg xmlns=", b"%PDF-1.7"],
    ids=["empty", "short-jpeg", "riff-wave", "gif", "svg", "pdf"],
)
def test_other_files_are_not_photos(head):
    assert sniff(head) is None


def test_read_photos_keeps_order_and_hashes():
    files = [SimpleUploadedFile("a.png", data_file("photo_16px.png")), SimpleUploadedFile("b.jpg", data_file("photo_16px.jpg"))]
    photos = read_photos(files)
    assert [p.image for p in photos] == [PNG, JPEG]
    assert photos[1].sha256 == hashlib.sha256(data_file("photo_16px.jpg")).hexdigest()


@override_settings(PINGDING_REPORTS_MAX_PHOTO_BYTES=317)
def test_the_size_limit_is_inclusive():
    assert read_photos([SimpleUploadedFile("a.jpg", data_file("photo_16px.jpg"))])[0].size == 317
    with override_settings(PINGDING_REPORTS_MAX_PHOTO_BYTES=316), pytest.raises(PayloadTooLarge) as error:
        read_photos([SimpleUploadedFile("a.jpg", data_file("photo_16px.jpg"))])
    assert error.value.status == 413 and error.value.parameter == "photos[0]"


def test_a_batch_is_published_by_rename(tmp_path):
    photos = read_photos([SimpleUploadedFile("a.webp", data_file("photo_16px.webp"))])
    batch = PhotoBatch.stage([(photos[0], "2026/11/x-0.webp")], root=tmp_path)
    assert not (tmp_path / "2026/11/x-0.webp").exists()
    assert len(list((tmp_path / ".staging").iterdir())) == 1
    batch.publish()
    assert (tmp_path / "2026/11/x-0.webp").read_bytes() == data_file("photo_16px.webp")
    assert list((tmp_path / ".staging").iterdir()) == []


def test_a_discarded_batch_leaves_nothing(tmp_path):
    photos = read_photos([SimpleUploadedFile("a.jpg", data_file("photo_16px.jpg"))] * 2)
    batch = PhotoBatch.stage([(photos[0], "a.jpg"), (photos[1], "b.jpg")], root=tmp_path)
    batch.discard()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_sweep_only_takes_old_staged_files(tmp_path):
    staging = tmp_path / ".staging"
    staging.mkdir()
    (staging / "new.part").write_bytes(b"x")
    assert sweep_staging(older_than_s=3600, root=tmp_path) == 0
    assert sweep_staging(older_than_s=-1, root=tmp_path) == 1
    assert sweep_staging(older_than_s=0, root=tmp_path / "nowhere") == 0


def test_too_many_photos_names_the_list():
    with override_settings(PINGDING_REPORTS_MAX_PHOTOS=1), pytest.raises(InvalidParameter) as error:
        read_photos([SimpleUploadedFile("a.jpg", data_file("photo_16px.jpg"))] * 2)
    assert error.value.parameter == "photos"


def test_routing_rule():
    class Owned:
        owner_department = "县自来水公司"

    by_owner = route(component=Owned(), grid_code="140321100001002", grid_name="城关社区第2网格", grid_member="耿飞国")
    assert (by_owner.rule, by_owner.routed_to, by_owner.department) == ("component_owner", "县自来水公司", "县自来水公司")
    by_grid = route(component=None, grid_code="140321100001002", grid_name="城关社区第2网格", grid_member="耿飞国")
    assert (by_grid.rule, by_grid.routed_to, by_grid.grid_member) == ("territory", "网格 140321100001002 城关社区第2网格", "耿飞国")
    assert len(territory_label(grid_code="1" * 18, grid_name="长" * 100)) == 80
