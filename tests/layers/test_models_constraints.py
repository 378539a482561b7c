"""The CHECK constraints on code columns, built from ``spatial.codes``, refuse on real PostGIS what the parsers refuse.

Each case takes a seeded row, keeps its valid code, and writes one bad variant with plain SQL (so nothing in Python
stands between the value and the database): a full-width digit and a trailing newline, both of which ``\\d`` and
``$`` let through. A column with no room for one more character (``varchar(12)`` of a 12-digit code) gets the newline
in place of its last digit.
"""
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, connection, transaction

from layers.models import (
    Address, AdminArea, Building, Component, ComponentCategory, EventClass, Grid, Organisation, Resident,
)
from layers.models.base import sql_check

CASES = [
    (AdminArea, "code", "adminarea_code_digits"),
    (AdminArea, "stat_code", "adminarea_stat_code_digits"),
    (Grid, "code", "grid_code_digits"),
    (Building, "code", "building_code_digits"),
    (Address, "code", "address_code_digits"),
    (ComponentCategory, "code", "componentcategory_code_digits"),
    (Component, "code", "component_code_format"),
    (EventClass, "code", "eventclass_code_digits"),
    (Resident, "id_number", "resident_id_number_format"),
    (Organisation, "credit_code", "organisation_credit_code_format"),
]

BAD_VARIANTS = {
    "full-width digit": lambda code: code[:-1] + chr(ord("０") + int(code[-1])) if code[-1].isdigit() else "１" + code[1:],
    "trailing newline": lambda code: code + "\n",
}


def _bad(model, field: str, code: str, variant: str) -> str:
    bad = BAD_VARIANTS[variant](code)
    max_length = model._meta.get_field(field).max_length
    return bad if len(bad) <= max_length else code[:-1] + "\n"



def _write(model, field: str, pk, value: str) -> None:
    column = model._meta.get_field(field).column
    table = model._meta.db_table
    pk_column = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE "{pk_column}" = %s', [value, pk])


@pytest.mark.django_db
@pytest.mark.parametrize("variant", sorted(BAD_VARIANTS))
@pytest.mark.parametrize("model, field, constraint", CASES, ids=[c[2] for c in CASES])
def test_constraint_refuses_what_the_parser_refuses(model, field, constraint, variant):
    row = model.objects.exclude(**{field: ""}).order_by("pk").values("pk", field).first()
    assert row is not None, f"the seeded county has no {model.__name__}"
    bad = _bad(model, field, row[field], variant)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        _write(model, field, row["pk"], bad)
    with transaction.atomic():
        _write(model, field, row["pk"], row[field])  # the valid value itself passes the same constraint


@pytest.mark.parametrize("regex", [r"^\d{4}$", r"\A\d{4}\Z", r"^[0-9]{4}$", r"\A[0-9]{4}$", r"[0-9]{4}\Z"])
def test_sql_check_refuses_patterns_that_python_and_postgres_read_differently(regex):
    with pytest.raises(ImproperlyConfigured, match="spatial.codes"):
        sql_check("code", regex, "example")


def test_sql_check_builds_a_regex_constraint():
    constraint = sql_check("code", r"\A[0-9]{4}\Z", "example_code")
    assert constraint.name == "example_code"
    assert constraint.condition.children == [("code__regex", r"\A[0-9]{4}\Z")]


def test_report_input_refuses_a_full_width_component_code():
    """(A trailing newline is stripped by the input's text reader, so it never reaches the constraint.)"""
    from layers.errors import InvalidParameter
    from cases.reports.inputs import component_code

    assert component_code("1403210101000001", parameter="component_code") == "1403210101000001"
    with pytest.raises(InvalidParameter):
        component_code(BAD_VARIANTS["full-width digit"]("1403210101000001"), parameter="component_code")
