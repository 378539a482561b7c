"""The seed's patrols: roads in every grid, a member per grid, and tracks that the same seed makes again, byte for
byte (re-run here inside the test's transaction)."""
import pytest
from django.db import connection

from seeds.counts import expected_counts
from seeds.patrols import DAYS, road_rows, seed_patrols
from seeds.world import build_world
from tests.accounts.conftest import account  # noqa: F401  (fixture)
from tests.conftest import TEST_SCALE, TEST_SEED

pytestmark = pytest.mark.django_db
DIGEST = """SELECT count(*), md5(string_agg(u.username || t.day || encode(ST_AsEWKB(t.geom), 'hex') || t.times::text
                                           || t.grids::text, ',' ORDER BY u.username, t.started_at))
            FROM patrols_track t JOIN auth_user u ON u.id = t.owner_id"""


def _digest():
    with connection.cursor() as cursor:
        cursor.execute(DIGEST)
        return cursor.fetchone()


def test_every_grid_has_a_member_and_a_morning_patrol_every_day():
    with connection.cursor() as cursor:
        cursor.execute("""SELECT count(*), count(*) FILTER (WHERE a.role = 'grid_member' AND a.grids = ARRAY[g.code]),
                                 min((SELECT count(DISTINCT day) FROM patrols_track t WHERE t.owner_id = u.id))
                          FROM layers_grid g JOIN auth_user u ON u.username = 'patrol-' || g.code
                          JOIN accounts_account a ON a.user_id = u.id""")
        grids, members, least_days = cursor.fetchone()
    assert grids == members == expected_counts(TEST_SCALE).grids
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
