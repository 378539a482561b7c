"""A CQL2 selection filters an export as it filters the page: the same items query, one seam."""
import io

import pyogrio
import pytest

from layers.models import Component

pytestmark = pytest.mark.django_db


def test_a_cql2_filter_selects_what_the_geopackage_holds(client, tmp_path):
    expected = Component.objects.filter(state="damaged").count()
    assert expected > 0
    answer = client.get("/ogc/collections/components/items", {"f": "gpkg", "filter": "state = 'damaged'"})
    assert answer.status_code == 200, answer.content[:300]
    path = tmp_path / "damaged.gpkg"
    path.write_bytes(b"".join(answer.streaming_content) if answer.streaming else answer.content)
    frame = pyogrio.read_dataframe(path, read_geometry=False)
    assert len(frame) == expected and set(frame["state"]) == {"damaged"}
