"""`riskmap patrol | incident` as a user runs them: real processes on a copy of the demo."""

from __future__ import annotations

import json

from test_cli import assert_one_line_error, run


def test_patrol_list_and_coverage(demo_url: str) -> None:
    proc = run("patrol", "list", "--db", demo_url, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    patrols = json.loads(proc.stdout)
    assert len(patrols) == 8 and {p["preset"] for p in patrols} == {"qingming"}
    proc = run("patrol", "coverage", "--preset", "qingming", "--db", demo_url,
               "--as-of", "2026-11-01", "--format", "json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    cov = json.loads(proc.stdout)
    # 5 April 2027 is a Monday: the rule gives Saturday 3 – Monday 5 April, as in 2010.
    assert cov["window"]["start"] == "2027-04-03" and len(cov["patrols"]) == 8
    assert 0 < len(cov["gaps"]) < cov["high_risk"]
    proc = run("patrol", "coverage", "--from", "2027-07-01", "--to", "2027-07-02",
               "--db", demo_url, "--as-of", "2026-11-01")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "0 active patrol areas" in proc.stdout
    assert_one_line_error(run("patrol", "coverage", "--db", demo_url), "--preset NAME")
    assert_one_line_error(
        run("patrol", "coverage", "--preset", "easter", "--db", demo_url), "unknown preset"
    )


def test_incident_around_a_site_and_bad_points(demo_url: str) -> None:
    proc = run("incident", "--site", "3113", "--db", demo_url, "--format", "json",
               "--rings", "1,3")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [r["outer_m"] for r in data["rings"]] == [1000.0, 3000.0]
    assert any(s["site_id"] == 3113 for s in data["rings"][0]["sites"])
    assert set(data["resources"]) >= {"rescue_team", "fire_station", "shelter"}
    assert_one_line_error(run("incident", "--at", "200,95", "--db", demo_url), "not longitude")
    assert_one_line_error(
        run("incident", "--site", "3113", "--rings", "-1", "--db", demo_url), "positive"
    )
    assert_one_line_error(run("incident", "--site", "99999999", "--db", demo_url), "no site")


def test_incident_pdf_and_html_and_patrol_exports(demo_url: str, tmp_path) -> None:
    from pypdf import PdfReader

    pdf, html = tmp_path / "incident.pdf", tmp_path / "incident.html"
    for out in (pdf, html):
        proc = run("incident", "--site", "3113", "--db", demo_url, "--out", str(out))
        assert proc.returncode == 0, proc.stderr
    assert len(PdfReader(pdf).pages) >= 1
    # A wind direction: the JSON says where it blows and marks the sites downwind.
    proc = run("incident", "--site", "3113", "--db", demo_url, "--wind", "东北风",
               "--format", "json")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["wind_from_deg"], data["downwind_deg"], data["sector_half_deg"]) == (45, 225, 22.5)
    sites = [s for r in data["rings"] for s in r["sites"]]
    assert any(s["downwind"] for s in sites) and not all(s["downwind"] for s in sites)
    assert_one_line_error(
        run("incident", "--site", "3113", "--db", demo_url, "--wind", "东北偏北"), "wind"
    )
    text = html.read_text(encoding="utf-8")
    assert "<svg" in text and "http://" not in text.replace("http://www.w3.org", "")
    for name in ("plan.geojson", "plan.kml", "plan.xlsx"):
        proc = run("patrol", "export", str(tmp_path / name), "--db", demo_url)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == f"wrote 8 patrol areas to {tmp_path / name}"
    assert_one_line_error(
        run("patrol", "export", str(tmp_path / "plan.shp"), "--db", demo_url), ".geojson"
    )


def test_every_patrol_command_takes_a_preset_by_key_or_name(demo_url: str, tmp_path) -> None:
    # The demo's eight patrols are all 清明 patrols; each spelling must select the same eight.
    for spelling in ("qingming", "清明", "清明节", "Qingming"):
        proc = run("patrol", "list", "--preset", spelling, "--db", demo_url, "--format", "json")
        assert proc.returncode == 0, proc.stderr
        assert len(json.loads(proc.stdout)) == 8, spelling
        out = tmp_path / f"{spelling}.geojson"
        proc = run("patrol", "export", str(out), "--preset", spelling, "--db", demo_url)
        assert proc.returncode == 0, proc.stderr
        assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) >= 8, spelling
        proc = run("patrol", "coverage", "--preset", spelling, "--db", demo_url,
                   "--as-of", "2026-11-01", "--format", "json")  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["window"]["preset"] == "qingming"
    for command in (("list",), ("export", str(tmp_path / "x.kml")), ("coverage",)):
        proc = run("patrol", *command, "--preset", "复活节", "--db", demo_url)
        assert_one_line_error(proc, "unknown preset")
        assert not (tmp_path / "x.kml").exists()
