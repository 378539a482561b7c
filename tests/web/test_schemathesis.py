"""Schemathesis over ``/openapi.json``: every operation, a bounded number of generated requests (valid ones, ones
that break the schema, and the documented examples) with a fixed seed (derandomized, so a run is repeatable), sent
through the WSGI application on the seeded test database. No answer may be a 5xx, and an answer documented as JSON
must be JSON.

The requests carry a ``gis_editor`` token, so the writes of OGC API - Features Part 4 are fuzzed too (the editor's
document, with a POST per collection it writes), and the documented component POST creates one (201). Everything
runs inside the test's transaction on the test's own connection, rolled back at its end: what the fuzzing creates,
changes or deletes never reaches the committed county the other tests read."""
from __future__ import annotations

import time
from collections import Counter

import pytest
import schemathesis
from schemathesis import GenerationMode
from django.db import connection
from django.test import Client, override_settings
from hypothesis import HealthCheck, Phase, given, settings, seed
from hypothesis.errors import Unsatisfiable

from geoserver_app.wsgi import django_application
from tests.accounts.conftest import account  # noqa: F401  (fixture)
from tests.inprocess import connection_kept
from tests.tiles.raster.conftest import COARSE_RESOLUTION_M, small_county
from tiles.raster.standard_map import build_standard_map

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 25
EXAMPLES_PER_COLLECTION_POST = 6
"""The POST of one named collection goes through the same view as the templated one, fuzzed in full; its own
schema (the properties the editor may set) is still exercised, at a cost the budget holds."""
SEED = 140321


def _json_documented(case, response, document: dict) -> bool:
    """Whether the operation documents only JSON media types for this status (or its ``default``), following a
    ``$ref`` to the document's shared responses."""
    responses = case.operation.definition.raw.get("responses", {})
    documented = responses.get(str(response.status_code)) or responses.get("default") or {}
    if "$ref" in documented:
        documented = document["components"]["responses"][documented["$ref"].rsplit("/", 1)[1]]
    types = list(documented.get("content", {}))
    return bool(types) and all("json" in media for media in types)


def _failures_of(strategy, counted: Counter, context: tuple[dict, dict],
                 examples: int = EXAMPLES_PER_OPERATION) -> list[str]:
    """``context``: the document and the headers every request carries (the token)."""
    document, headers = context
    failures: list[str] = []

    @seed(SEED)
    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case) -> None:
        response = case.call(headers={**(case.headers or {}), **headers})
        counted["cases"] += 1
        counted[f"{response.status_code // 100}xx"] += 1
        if case.method in ("POST", "PUT", "PATCH", "DELETE") and "/ogc/collections/" in case.path:
            counted[f"write {response.status_code}"] += 1
        if response.status_code >= 500:
            body = response.content[:200]
            failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code} {body!r}")
        elif _json_documented(case, response, document):
            counted["json checked"] += 1
            if "json" not in response.headers.get("content-type", [""])[0]:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: not JSON ({response.headers})")

    try:
        run()
    except Unsatisfiable:  # negative mode on an operation without parameters or body: nothing to break
        pass
    return failures


def test_no_generated_request_answers_5xx(tmp_path, account):
    """Photos go to ``tmp_path``, where a coarse standard map is built for the raster tiles (a missing map is 503)."""
    assert connection.in_atomic_block  # the test's transaction, which takes every write of the fuzzing back
    build_standard_map(path=tmp_path / "standard_map.tif", seed=1, resolution_m=COARSE_RESOLUTION_M,
                       features=small_county())
    headers = {"Authorization": f"Bearer {account('gis_editor')[1]}"}
    document = Client().get("/openapi.json", HTTP_AUTHORIZATION=headers["Authorization"]).json()
    schema = schemathesis.openapi.from_dict(document)
    schema.app = django_application
    started, counted, failures, operations = time.perf_counter(), Counter(), [], 0
    with override_settings(PINGDING_DATA_DIR=tmp_path), connection_kept():
        for result in schema.get_all_operations():
            operations += 1
            operation = result.ok()
            named_post = operation.method == "post" and operation.path.startswith("/ogc/collections/") and \
                "{collectionId}" not in operation.path
            examples = EXAMPLES_PER_COLLECTION_POST if named_post else EXAMPLES_PER_OPERATION
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                failures += _failures_of(operation.as_strategy(generation_mode=mode), counted, (document, headers),
                                         examples)
            for strategy in schema.get_strategies_from_examples(operation):  # the documented examples
                failures += _failures_of(strategy, counted, (document, headers), examples=3)
    elapsed = time.perf_counter() - started
    print(f"schemathesis: {operations} operations, {dict(counted)}, {elapsed:.1f} s")
    assert operations >= 20 and counted["cases"] >= operations and counted["json checked"] > counted["cases"] / 3
    assert counted["write 201"] >= 1 and counted["write 412"] + counted["write 428"] >= 1
    assert not failures, "\n".join(failures[:30])
