"""The code regexes mean the same to Python and to PostgreSQL's ~ (what CHECK constraints use)."""

import re

import pytest

from spatial.codes import (
    ADDRESS_CODE_REGEX,
    ADMIN_CODE_REGEX,
    BUILDING_CODE_REGEX,
    COMPONENT_CATEGORY_REGEX,
    EVENT_CLASS_REGEX,
    SHA256_HEX_REGEX,
    COMPONENT_CODE_REGEX,
    COUNTY_CODE_REGEX,
    CREDIT_CODE_REGEX,
    GRID_CODE_REGEX,
    ID_NUMBER_REGEX,
)

CASES = [
    (COUNTY_CODE_REGEX, "140321"),
    (COUNTY_CODE_REGEX, "140321\n"),
    (COUNTY_CODE_REGEX, "１４０３２１"),
    (ADMIN_CODE_REGEX, "140321100"),
    (ADMIN_CODE_REGEX, "1403211000"),
    (GRID_CODE_REGEX, "140321100001001"),
    (GRID_CODE_REGEX, "x140321100001001"),
    (COMPONENT_CODE_REGEX, "1403210101000001"),
    (COMPONENT_CODE_REGEX, "1403210101000001\n"),
    (CREDIT_CODE_REGEX, "91350100M000100Y43"),
    (CREDIT_CODE_REGEX, "91350100M000100I43"),
    (ID_NUMBER_REGEX, "11010519491231002X"),
    (ID_NUMBER_REGEX, "11010519491231002x"),
    (ADDRESS_CODE_REGEX, "140321100001001"),
    (ADDRESS_CODE_REGEX, "140321100001001\n"),
    (BUILDING_CODE_REGEX, "1403211000010010001"),
    (BUILDING_CODE_REGEX, "14032110000100１0001"),
    (COMPONENT_CATEGORY_REGEX, "0101"),
    (COMPONENT_CATEGORY_REGEX, "０１01"),
    (EVENT_CLASS_REGEX, "0101\n"),
    (SHA256_HEX_REGEX, "a" * 64),
    (SHA256_HEX_REGEX, "A" * 64),
]


@pytest.mark.django_db
@pytest.mark.parametrize("pattern, value", CASES)
def test_postgres_agrees_with_python(pattern, value):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT %s ~ %s", [value, pattern])
        assert cursor.fetchone()[0] is bool(re.search(pattern, value))
