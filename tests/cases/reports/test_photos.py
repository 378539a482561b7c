"""Photos: sniffed by magic bytes, decoded and re-encoded (no EXIF, upright, bounded pixels), staged under
temporary names, published by rename or discarded."""
from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from layers.errors import InvalidParameter
from cases.reports.photos import (
    JPEG,
    PNG,
    WEBP,
    PayloadTooLarge,
    PhotoBatch,
    read_photos,
    sniff,
    sweep_staging,
)
from cases.reports.routing import route, territory_label

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


def decoded(photo) -> Image.Image:
    image = Image.open(io.BytesIO(photo.data))
    image.load()
    return image


def test_read_photos_keeps_order_and_hashes_the_stored_bytes():
    names = ["png_with_transparency.png", "photo_16px.jpg", "photo_16px.png", "photo_16px.webp"]
    photos = read_photos([SimpleUploadedFile(name, data_file(name)) for name in names])
    assert [p.image for p in photos] == [PNG, JPEG, JPEG, JPEG]  # only transparency keeps PNG
    assert [decoded(p).format for p in photos] == ["PNG", "JPEG", "JPEG", "JPEG"]
    assert all(decoded(p).size == (16, 16) for p in photos)
    assert decoded(photos[0]).getpixel((0, 0))[3] == 255 and decoded(photos[0]).getpixel((15, 0))[3] == 0
    assert all(p.sha256 == hashlib.sha256(p.data).hexdigest() for p in photos)


def test_re_encoding_is_deterministic_so_retries_hash_alike():
    first, again = (read_photos([SimpleUploadedFile("a.jpg", data_file("photo_16px.jpg"))])[0] for _ in range(2))
    assert first.data == again.data and first.sha256 == again.sha256


def test_exif_is_stripped_after_its_orientation_is_applied():
    """The camera wrote a 32 x 16 frame (red left, blue right) with "rotate 90 degrees clockwise", its make and a
    GPS position: stored upright (16 x 32, red on top) without any EXIF."""
    [photo] = read_photos([SimpleUploadedFile("IMG.jpg", data_file("jpeg_exif_rotated_with_gps.jpg"))])
    image = decoded(photo)
    assert image.size == (16, 32)
    top, bottom = image.getpixel((8, 4)), image.getpixel((8, 28))
    assert top[0] > 150 and top[2] < 100 and bottom[2] > 150 and bottom[0] < 100
    assert dict(image.getexif()) == {}
    assert b"PingdingTestCam" not in photo.data and b"Exif" not in photo.data


@pytest.mark.parametrize(
    "name", ["jpeg_header_then_php.jpg", "text_renamed.jpg"], ids=["jpeg-header-then-php", "text-named-jpg"]
)
def test_a_file_that_is_not_a_whole_image_is_refused_naming_its_field(name):
    files = [SimpleUploadedFile("ok.jpg", data_file("photo_16px.jpg")), SimpleUploadedFile("x.jpg", data_file(name))]
    with pytest.raises(InvalidParameter) as error:
        read_photos(files)
    assert error.value.status == 400 and error.value.parameter == "photos[1]"


def test_a_script_after_a_real_image_is_not_stored():
    [photo] = read_photos([SimpleUploadedFile("x.jpg", data_file("jpeg_with_php_appended.jpg"))])
    assert b"<?php" not in photo.data and decoded(photo).size == (16, 16)


def test_a_decompression_bomb_is_refused_from_its_header():
    """854 bytes of PNG declaring 100,000 x 100,000 pixels: 413 before any decoding."""
    with pytest.raises(PayloadTooLarge) as error:
        read_photos([SimpleUploadedFile("bomb.png", data_file("png_declares_10_gigapixels.png"))])
    assert error.value.status == 413 and error.value.parameter == "photos[0]" and "pixels" in error.value.description


def test_the_pixel_limit_is_inclusive():
    """Checked from the header: a 16 x 16 photo passes a limit of 256 pixels and not one of 255."""
    with override_settings(PINGDING_REPORTS_MAX_PHOTO_PIXELS=256):
        assert decoded(read_photos([SimpleUploadedFile("a.png", data_file("photo_16px.png"))])[0]).size == (16, 16)
    with override_settings(PINGDING_REPORTS_MAX_PHOTO_PIXELS=255), pytest.raises(PayloadTooLarge):
        read_photos([SimpleUploadedFile("a.png", data_file("photo_16px.png"))])


@override_settings(PINGDING_REPORTS_MAX_PHOTO_BYTES=317)
def test_the_size_limit_is_inclusive():
    assert len(read_photos([SimpleUploadedFile("a.jpg", data_file("photo_16px.jpg"))])) == 1
    with override_settings(PINGDING_REPORTS_MAX_PHOTO_BYTES=316), pytest.raises(PayloadTooLarge) as error:
        read_photos([SimpleUploadedFile("a.jpg", data_file("photo_16px.jpg"))])
    assert error.value.status == 413 and error.value.parameter == "photos[0]"


def test_a_batch_is_published_by_rename(tmp_path):
    photos = read_photos([SimpleUploadedFile("a.webp", data_file("photo_16px.webp"))])
    batch = PhotoBatch.stage([(photos[0], "2026/11/x-0.jpg")], root=tmp_path)
    assert not (tmp_path / "2026/11/x-0.jpg").exists()
    assert len(list((tmp_path / ".staging").iterdir())) == 1
    batch.publish()
    assert (tmp_path / "2026/11/x-0.jpg").read_bytes() == photos[0].data
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
