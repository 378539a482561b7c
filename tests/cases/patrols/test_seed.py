"""The seed's patrols: roads in every grid, a patrol of every grid every morning, and tracks that the same seed makes again, byte for
byte (re-run here inside the test's transaction)."""
import pytest
from django.db import connection

from seeds.counts import expected_counts
from seeds.patrols import DAYS, road_rows, seed_patrols
from seeds.world import build_world
from tests.accounts.conftest import account  # noqa: F401  (fixture)
from tests.conftest import TEST_SCALE, TEST_SEED

pytestmark = pytest.mark.django_db
DIGEST = """SELECT count(*), md5(string_agg(t.member_name || t.day || encode(ST_AsEWKB(t.geom), 'hex') || t.times::text
                                           || t.grids::text, ',' ORDER BY t.started_at, t.grids, t.length_m))
            FROM patrols_track t"""


def _digest():
    with connection.cursor() as cursor:
        cursor.execute(DIGEST)
        return cursor.fetchone()


def test_every_grid_is_patrolled_every_morning_by_its_member():
    with connection.cursor() as cursor:
        cursor.execute("""SELECT count(*), min((SELECT count(DISTINCT t.day) FROM patrols_track t
                                               WHERE t.grids @> ARRAY[g.code] AND t.member_name = g.grid_member
                                                 AND (t.started_at AT TIME ZONE 'Asia/Shanghai')::time < '12:00'))
                          FROM layers_grid g""")
        grids, least_days = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM patrols_track WHERE owner_id IS NOT NULL")
        assert cursor.fetchone()[0] == 0
    assert grids == expected_counts(TEST_SCALE).grids
    assert least_days == DAYS


def test_the_same_seed_makes_the_same_tracks():
    before = _digest()
    world = build_world(TEST_SEED, expected_counts(TEST_SCALE))
    names, wkb = road_rows(world.net.roads, world.frame)
    with connection.cursor() as cursor:
        seed_patrols(cursor, names=names, wkb=wkb, seed=TEST_SEED)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the new rows' keys now: TRUNCATE refuses pending checks
    assert _digest() == before and before[0] > 0
    with connection.cursor() as cursor:
        seed_patrols(cursor, names=names, wkb=wkb, seed=TEST_SEED + 1)
    assert _digest() != before


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("gis_editor", 403)])
def test_the_tracks_in_the_admin_are_the_admins(client, account, role, status):
    from django.urls import reverse

    client.force_login(account(role)[0])
    assert client.get(reverse("admin:patrols_track_changelist")).status_code == status
    assert client.get(reverse("admin:patrols_road_changelist")).status_code == status
