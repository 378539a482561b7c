"""The README's import tour, run as written in bash with the real ``curl`` against the application served in the
test's transaction (``tests.inprocess``): what it prints must be what the README's ``# `` lines say (with the id the
new component got)."""
from __future__ import annotations

import os
import re

from layers.models import Component
from tests.accounts.test_readme import README, README_ID
from tests.inprocess import run_against_the_application

README_IMPORTED_ID = str(int(README_ID) + 1)
"""The id the README shows for the imported component (the one after the editing tour's)."""


def test_the_readme_s_import_tour_works_as_written(editor, tmp_path):
    text = README.read_text()
    start = text.index("cat > survey.geojson")
    lines = text[start:text.index("```", start)].strip().splitlines()
    _, token = editor
    status, printed = run_against_the_application(
        f"cd {tmp_path}\n" + "\n".join(lines), env={**os.environ, "AUTH": f"Authorization: Bearer {token}"})
    assert status == 0, printed
    expected = [line[2:] for line in lines if line.startswith("# ")]
    shown = printed.splitlines()
    fid = re.search(r"'featureId': (\d+)", shown[-1]).group(1)
    assert shown == [line.replace(README_IMPORTED_ID, fid) for line in expected]
    assert Component.objects.get(pk=fid).name == "上水井盖"
