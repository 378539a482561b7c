"""``/maps/print``: one page, A4 / A3, portrait / landscape, PDF or PNG, over the standard map, in Chinese."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

URL = "/maps/print"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SEAT_BOX = "113.60,37.78,113.66,37.81"
PAGES_PT = {("A4", "portrait"): (595, 842), ("A4", "landscape"): (842, 595),
            ("A3", "portrait"): (842, 1191), ("A3", "landscape"): (1191, 842)}


def _pixels_of_pdf(body: bytes) -> tuple[tuple[float, float], np.ndarray]:
    document = pdfium.PdfDocument(body)
    assert len(document) == 1
    page = document[0]
    size = page.get_size()
    return size, np.asarray(page.render(scale=0.5).to_pil().convert("RGB"))


@pytest.mark.parametrize("size, orientation", list(PAGES_PT))
def test_a_pdf_page_has_its_size_a_drawn_map_and_the_cjk_font_embedded(client, db, with_standard_map, size, orientation):
    response = client.get(URL, {"layers": "grids,components", "bbox": SEAT_BOX, "size": size,
                                "orientation": orientation, "f": "pdf", "title": "平定县城区部件图"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    (width, height), pixels = _pixels_of_pdf(body)
    assert (round(width), round(height)) == PAGES_PT[(size, orientation)]
    assert pixels.std() > 20, "the page is blank"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 200, "no standard map under the layers"
    assert b"/FontFile2" in body and b"WenQuanYiZenHei" in body, "the CJK font is not embedded"


def test_the_chinese_title_is_drawn_in_glyphs_not_boxes(client, db, with_standard_map):
    body = client.get(URL, {"layers": "grids", "bbox": SEAT_BOX, "title": "平定县网格图"}).content
    page = pdfium.PdfDocument(body)[0]
    assert "平定县网格图" in page.get_textpage().get_text_range()
    for text in ("图例", "制图日期", "CGCS2000", "北"):
        assert text in page.get_textpage().get_text_range()


def test_a_png_page_is_the_paper_at_150_dpi(client, db, with_standard_map):
    response = client.get(URL, {"measure": "incidents", "by": "town", "size": "A3", "orientation": "portrait",
                                "f": "png"})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (int(297 / 25.4 * 150), int(420 / 25.4 * 150))  # matplotlib truncates to whole pixels
    assert np.asarray(image.convert("RGB")).std() > 20
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / "print-A3-portrait.png")


def test_without_the_standard_map_the_answer_is_503_saying_what_to_run(client, db, settings, tmp_path):
    settings.PINGDING_DATA_DIR = tmp_path
    response = client.get(URL, {"layers": "grids", "bbox": SEAT_BOX})
    assert response.status_code == 503
    assert "build_standard_map" in response.json()["description"]


@pytest.mark.parametrize("query, parameter", [
    ({}, "layers"),
    ({"layers": "grids", "size": "A0"}, "size"),
    ({"layers": "grids", "orientation": "sideways"}, "orientation"),
    ({"layers": "grids", "f": "svg"}, "f"),
    ({"layers": "grids", "bbox": "113.7,37.8,113.6,37.9"}, "bbox"),
    ({"layers": "grids", "title": "长" * 81}, "title"),
    ({"layers": "grids", "bbox": "100,30,120,40"}, "bbox"),
])
def test_bad_parameters_are_400_naming_them(client, db, query, parameter):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
