"""Files to import, built from the seeded test county: components that exist (to update) and new ones (to add),
written by GDAL in each format; the upload and commit calls of the API through the test client."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely

from layers.models import Component
from tests.accounts.conftest import account, bearer  # noqa: F401  (fixture)

FIELDS = ("code", "category_code", "name", "supervising_department", "owner_department", "maintainer_department",
          "state")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path_factory):
    """Uploads wait in a directory of the test's own (a job a test leaves queued leaves its file there)."""
    settings.PINGDING_DATA_DIR = tmp_path_factory.mktemp("data")
    return settings.PINGDING_DATA_DIR


@pytest.fixture
def editor(account):
    return account("gis_editor")


@pytest.fixture
def points(db) -> list[dict]:
    """Two committed point components (rows to update) and two new codes beside them (rows to add), as property
    dicts with ``lon``/``lat`` (EPSG:4490)."""
    found = list(Component.objects.extra(where=["GeometryType(geom) = 'POINT'"]).order_by("pk")[:2])
    rows = [{**{f: getattr(c, Component._meta.get_field(f if f != "category_code" else "category").attname)
                for f in FIELDS}, "lon": c.geom.x, "lat": c.geom.y, "id": c.pk, "grid_code": c.grid_id} for c in found]
    serial = 990001
    for base in found:
        while Component.objects.filter(code=f"{base.code[:10]}{serial:06d}").exists():
            serial += 1
        rows.append({**{f: r for f, r in rows[0].items() if f in FIELDS}, "code": f"{base.code[:10]}{serial:06d}",
                     "name": "新井盖", "lon": base.geom.x + 0.00005, "lat": base.geom.y + 0.00005, "id": None,
                     "category_code": base.category_id})
        serial += 1
    return rows


def geojson_bytes(rows: list[dict], fields=FIELDS) -> bytes:
    features = [{"type": "Feature", "properties": {f: r[f] for f in fields if f in r},
                 "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]}} for r in rows]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def gdal_file(tmp_path: Path, driver: str, suffix: str, rows: list[dict], *, crs: str | None = "EPSG:4490",
              encoding: str | None = None, geometries=None, fields=FIELDS) -> Path:
    path = tmp_path / f"layer{suffix}"
    wkb = geometries if geometries is not None else shapely.to_wkb(shapely.points([[r["lon"], r["lat"]] for r in rows]))
    values = [np.array([r[f] for r in rows], dtype=object) for f in fields]
    pyogrio.raw.write(str(path), wkb, values, fields=list(fields), geometry_type="Point", crs=crs, driver=driver,
                      encoding=encoding)
    return path


def zipped(directory: Path, stem: str = "layer", skip: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(directory.glob(f"{stem}.*")):
            if part.suffix not in skip:
                archive.write(part, part.name)
    return buffer.getvalue()


def upload(client, token: str | None, content: bytes, name: str, **form):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"collection": "components", **form, "file": SimpleUploadedFile(name, content)}
    headers = bearer(token) if token else {}
    return client.post("/api/imports", data, **headers)


def commit(client, token: str, import_id: str):
    return client.post(f"/api/imports/{import_id}/commit", **bearer(token))
