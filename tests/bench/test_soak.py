"""The soak: a short run of the same code on the test county (20 s, 8 connections) answers no 5xx, reaches every
route family, samples every worker's memory and leaves the database as it found it; its verdict and its log
reading, on figures made up to the edge."""
from __future__ import annotations

import json
import shutil

import pytest

from bench.soak import accesslog, memory, mix, rows
from bench.soak.runner import parse_wrk, run, server_troubles

MB = memory.MB


@pytest.fixture(scope="module")
def short_run(live_env, django_db_blocker, tmp_path_factory):
    if shutil.which("wrk") is None:
        pytest.fail("wrk is not installed: apt-get install -y wrk (bench/requirements-os.txt)")
    out = tmp_path_factory.mktemp("soak") / "soak.json"
    with django_db_blocker.unblock():
        before = rows.table_counts()
        result = run(seconds=20, connections=8, interval_s=5.0, env=live_env, out=out)
        after = rows.table_counts()
    return result, before, after, out


@pytest.mark.live
def test_a_short_soak_answers_no_5xx_and_reaches_every_family(short_run):
    result, _, _, _ = short_run
    families = result["families"]
    assert result["status_classes"].get("5xx", 0) == 0
    assert not any(f["classes"].get("5xx") for f in families.values())
    assert not any(result["socket_errors"].values())
    assert {name for name, f in families.items() if f["answers"]} >= set(mix.WEIGHTS)
    assert set(families["bad"]["classes"]) == {"4xx"}
    assert result["failures"] == [], result["failures"]


@pytest.mark.live
def test_the_case_loop_of_the_soak_files_and_dispatches_its_own_reports(short_run):
    result, _, _, _ = short_run
    statuses = result["families"]["case_actions"]["statuses"]
    assert int(statuses.get("200", 0)) >= 2
    assert set(statuses) <= {"200", "499"}
    assert result["cleanup"]["incidents"] > 0


@pytest.mark.live
def test_every_worker_is_sampled(short_run):
    result, _, _, out = short_run
    samples = result["memory"]["samples"]
    assert set(samples) == {"uwsgi-1", "uwsgi-2", "uwsgi-3", "nginx-1", "jobs_worker"}
    for label, rows_ in samples.items():
        assert len(rows_) >= 3, label
        assert all(rss > 1 and uss > 0 for _, rss, uss, _ in rows_), label
    assert result["memory"]["verdict"] == "too short" and result["memory"]["replaced"] == {}
    assert json.loads(out.read_text())["requests"] == result["requests"]


@pytest.mark.live
def test_the_soak_leaves_no_rows_behind(short_run):
    result, before, after, _ = short_run
    assert result["leftovers"] == {}
    assert after == before


def samples_of(values_mb: list[float], step_s: float = 30.0) -> list[tuple[float, int, int, int]]:
    return [(i * step_s, int(mb * MB), int(mb * MB), 0) for i, mb in enumerate(values_mb)]


@pytest.mark.parametrize(
    ("grown_mb", "baseline_mb", "expected"),
    [(0.0, 300.0, "pass"), (9.0, 100.0, "pass"), (14.0, 300.0, "pass"), (16.0, 300.0, "fail"), (40.0, 100.0, "fail")],
)
def test_the_verdict_takes_minutes_2_to_4_against_the_last_3(grown_mb, baseline_mb, expected):
    # 10 minutes of samples every 30 s: the first minute 50 MB lower (warm-up, not counted), then flat, then the
    # last 3 minutes `grown_mb` higher
    values = [baseline_mb - 50] * 2 + [baseline_mb] * 12 + [baseline_mb + grown_mb] * 7
    verdict = memory.verdict({"uwsgi-1": samples_of(values)}, {}, 600)
    assert verdict["verdict"] == expected
    assert verdict["growth"]["uwsgi-1"]["growth_mb"] == pytest.approx(grown_mb, abs=0.01)


def test_a_replaced_worker_fails_the_run_however_short():
    flat = samples_of([300.0] * 21)
    assert memory.verdict({"uwsgi-1": flat}, {"uwsgi-1": [4242]}, 600)["verdict"] == "fail"
    assert memory.verdict({"uwsgi-1": flat[:2]}, {"uwsgi-1": [4242]}, 20)["verdict"] == "fail"
    assert memory.verdict({"uwsgi-1": flat[:2]}, {}, 20)["verdict"] == "too short"


def test_the_minute_table_is_the_mean_of_each_minute():
    table = memory.per_minute({"nginx-1": samples_of([4.0, 6.0, 8.0])})
    assert table == {"nginx-1": {1: 5.0, 2: 8.0}}


def test_the_log_is_read_per_family_and_a_closed_request_is_not_an_answer(tmp_path):
    entries = [mix.Entry("snap", "GET", "/api/snap?lon=1&lat=2"), mix.Entry("bad", "GET", "/api/snap?lon=x")]
    log = tmp_path / "access.log"
    log.write_text(
        '127.0.0.1 [2026-12-06T01:00:00+00:00] "GET /healthz HTTP/1.1" 200 20 0.002\n'
        '127.0.0.1 [2026-12-06T01:00:01+00:00] "GET /api/snap?lon=1&lat=2 HTTP/1.1" 200 900 0.012\n'
        '127.0.0.1 [2026-12-06T01:00:01+00:00] "GET /api/snap?lon=1&lat=2 HTTP/1.1" 499 0 0.300\n'
        '127.0.0.1 [2026-12-06T01:00:02+00:00] "GET /api/snap?lon=x HTTP/1.1" 400 90 0.001\n'
        '127.0.0.1 [2026-12-06T01:00:02+00:00] "GET /api/snap?lon=x HTTP/1.1" 200 90 0.001\n'
        '127.0.0.1 [2026-12-06T01:00:03+00:00] "POST /api/cases/17/actions HTTP/1.1" 409 90 0.020\n'
    )
    start = len(log.read_text().splitlines()[0]) + 1
    figures = accesslog.summary(accesslog.read(log, accesslog.families(entries), start=start), 10.0)
    assert set(figures) == {"snap", "bad", "case_actions"}
    assert figures["snap"]["statuses"] == {"200": 1, "499": 1}
    assert (figures["snap"]["unexpected"], figures["snap"]["closed"]) == (0, 1)
    assert figures["bad"]["unexpected"] == 1
    assert figures["case_actions"]["unexpected"] == 1
    assert figures["snap"]["p50_ms"] == pytest.approx(12.0)


def test_a_request_in_two_families_or_with_a_tab_is_refused():
    with pytest.raises(ValueError, match="in both"):
        accesslog.families([mix.Entry("pages", "GET", "/x"), mix.Entry("features", "GET", "/x")])
    with pytest.raises(ValueError, match="tab, newline"):
        mix.Entry("reports", "POST", "/api/reports", body="a\tb").line()


def test_the_schedule_follows_the_weights():
    slots = mix.schedule(rounds=2)
    assert {family: slots.count(family) for family in mix.WEIGHTS} == {f: 2 * w for f, w in mix.WEIGHTS.items()}


def test_the_servers_log_counts_what_went_wrong_not_its_start_up_warnings(tmp_path):
    log = tmp_path / "server.log"
    log.write_text(
        " *** WARNING: you have enabled harakiri without post buffering. Slow upload could be rejected ***\n"
        "spawned uWSGI worker 1 (pid: 11, cores: 2)\n"
        "Traceback (most recent call last):\n"
        "*** HARAKIRI ON WORKER 2 (pid: 12, try: 1) ***\n"
    )
    troubles = server_troubles(log)
    assert troubles["lines"] == 2
    assert troubles["first"][0].startswith("Traceback")


def test_wrks_summary_and_the_scripts_lines_are_read():
    output = (
        "Running 20s test @ http://127.0.0.1:1\n  2 threads and 8 connections\n"
        "  3289 requests in 30.03s, 21.18MB read\n  Socket errors: connect 0, read 2, write 0, timeout 1\n"
        "Requests/sec:    109.52\nTransfer/sec:    722.30KB\n"
        "status 1xx 0 2xx 2962 3xx 0 4xx 327 5xx 0\nlatency_p50_us 53812\nlatency_p95_us 405200\nlatency_p99_us 642611\n"
    )
    figures = parse_wrk(output)
    assert figures["requests"] == 3289 and figures["requests_per_s"] == pytest.approx(109.52)
    assert figures["socket_errors"] == {"connect": 0, "read": 2, "write": 0, "timeout": 1}
    assert figures["status_classes"]["4xx"] == 327
    assert figures["latency_ms"]["p95"] == pytest.approx(405.2)
