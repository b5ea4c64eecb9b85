"""The map and report in a real headless Chromium (Debian's ``chromium``).

``make test`` installs the browser (apt) and Playwright's Python client (pip);
the tests skip, saying so, where either is missing. Screenshots are written to
``test-artifacts/``.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.export.html import write_map
from lcii_graph.export.report import write_report

from .test_html import HOSTILE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make test installs Debian's chromium)")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright is not installed (pip install .[test])")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=FLAGS, headless=True,
            viewport={"width": 1400, "height": 900})
        yield context
        context.close()


class Page:
    """A page opened from file://, recording requests, console errors and dialogs."""

    def __init__(self, context, path: Path):
        self.path = path
        self.page = context.new_page()
        self.requests, self.errors, self.dialogs = [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-drawn]", state="attached", timeout=20_000)

    def evaluate(self, script: str):
        return self.page.evaluate(script)

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.path.as_uri()]

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / name
        self.page.screenshot(path=str(target), full_page=True)
        return target


@pytest.fixture(scope="module")
def example_pages(tmp_path_factory, example_dir):
    folder = tmp_path_factory.mktemp("pages")
    store = folder / "lcii.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        return write_map(s, folder / "map.html"), write_report(s, folder / "report.html")


def _within(example_dir, place: str) -> int:
    """How many of the example's organizations are based in ``place`` or within it."""
    with open(example_dir / "jurisdictions.csv", encoding="utf-8") as f:
        parent = {r["id"]: r["parent"] for r in csv.DictReader(f)}
    with open(example_dir / "organizations.csv", encoding="utf-8") as f:
        homes = [r["jurisdiction"] for r in csv.DictReader(f)]
    count = 0
    for home in homes:
        while home and home != place:
            home = parent.get(home)
        count += home == place
    return count


def test_map_in_chromium(browser, example_pages, example_dir):
    page = Page(browser, example_pages[0])
    assert page.outside_requests() == []
    assert page.errors == []
    expected = page.evaluate("window.lciiMap.data.nodes.length")
    assert expected == 103 + 4  # organizations and tables of the example
    assert page.evaluate("window.lciiMap.drawnNodeCount()") == expected
    assert page.page.text_content("#visible-count") == "103 of 103 shown"
    page.page.uncheck("input[data-sector=nonprofit]")
    assert page.page.text_content("#visible-count") == "62 of 103 shown"
    page.page.check("input[data-sector=nonprofit]")
    page.page.select_option("#filter-partnership", "healthy-mercer")
    assert page.page.text_content("#visible-count") == "19 of 103 shown"
    page.page.select_option("#filter-partnership", "")
    places = [j["id"] for j in page.evaluate("window.lciiMap.data.places")]
    page.page.select_option("#filter-place", str(places.index("mercer-county")))
    in_county = _within(example_dir, "mercer-county")
    assert 0 < in_county < 103
    assert page.page.text_content("#visible-count") == f"{in_county} of 103 shown"
    page.page.select_option("#filter-place", "")
    page.page.fill("#search", "Northside Community Development")
    page.page.press("#search", "Enter")
    assert page.evaluate("window.lciiMap.network.getSelectedNodes()") == ["northside-cdc"]
    assert page.page.text_content("#details h3") == "Northside Community Development Corp."
    page.page.click("#findings li:first-child button")
    assert page.evaluate("window.lciiMap.network.getSelectedNodes().length") >= 1
    assert page.screenshot("map.png").stat().st_size > 10_000
    assert page.errors == [] and page.dialogs == [] and page.outside_requests() == []


def test_report_in_chromium(browser, example_pages):
    page = Page(browser, example_pages[1])
    assert page.outside_requests() == []
    assert page.errors == []
    assert page.evaluate("document.querySelectorAll('#capital svg rect').length") > 10
    assert page.evaluate("document.querySelectorAll('#trends svg').length") == 7
    assert page.evaluate("window.lciiMap.drawnNodeCount()") == 107
    assert "Government sits at Healthy Mercer only through staff" in page.page.inner_text(
        "#findings-section")
    page.page.emulate_media(media="print")
    assert page.screenshot("report.png").stat().st_size > 10_000
    pdf = ARTIFACTS / "report.pdf"
    page.page.pdf(path=str(pdf))
    assert pdf.stat().st_size > 10_000


def test_hostile_names_show_literally_and_run_nothing(browser, tmp_path):
    store_fixture = _hostile_store(tmp_path)
    with open_store(store_fixture) as s:
        pages = [write_map(s, tmp_path / "map.html", title=HOSTILE[0]),
                 write_report(s, tmp_path / "report.html", title=HOSTILE[1])]
    for path in pages:
        page = Page(browser, path)
        assert page.dialogs == [] and page.errors == [] and page.outside_requests() == []
        for i, text in enumerate(HOSTILE):
            page.evaluate(f"window.lciiMap.focusOn('h{i}')")
            assert page.page.text_content("#details h3") == text
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("document.title") in (HOSTILE[0], HOSTILE[1])
        assert page.dialogs == []


def _hostile_store(tmp_path) -> Path:
    from .conftest import JURISDICTIONS, write_sheets

    rows = [["id", "name", "sector", "jurisdiction", "url"]]
    rows += [[f"h{i}", text, "community", "tv", "javascript:alert(1)"]
             for i, text in enumerate(HOSTILE)]
    book = write_sheets(tmp_path / "hostile", {
        "jurisdictions": JURISDICTIONS, "organizations": rows,
        "ties": [["from", "to"]] + [[f"h{i}", f"h{i + 1}"] for i in range(len(HOSTILE) - 1)],
    })
    store = tmp_path / "hostile.db"
    import_workbook(book, str(store))
    return store


def test_community_map_in_chromium(browser, example_dir, tmp_path):
    """Above the drawing limit the map shows communities; the Table filter then keeps the
    communities holding that table's members, and combines with the sector filter."""
    from lcii_graph.export.html import render, write_page
    from lcii_graph.export.mapdata import map_data
    from lcii_graph.network import network_of

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        network = network_of(s)
    data = map_data(network, aggregate_above=20)
    assert data["aggregated"]
    path = write_page(tmp_path / "communities.html", render("map.html.j2", data=data))
    page = Page(browser, path)
    communities = len(data["nodes"])
    assert page.evaluate("window.lciiMap.drawnNodeCount()") == communities
    assert page.page.text_content("#visible-count") == f"{communities} of {communities} shown"
    assert page.page.query_selector("#filter-level") is None  # nothing to filter there
    expected = sum(1 for n in data["nodes"] if "healthy-mercer" in n["tables"])
    assert 0 < expected < communities
    page.page.select_option("#filter-partnership", "healthy-mercer")
    assert page.page.text_content("#visible-count") == f"{expected} of {communities} shown"
    page.page.uncheck("input[data-sector=nonprofit]")  # filters combine
    mostly_nonprofit = sum(1 for n in data["nodes"]
                           if "healthy-mercer" in n["tables"] and n["sector"] == "nonprofit")
    assert page.page.text_content("#visible-count") == \
        f"{expected - mostly_nonprofit} of {communities} shown"
    assert page.errors == [] and page.outside_requests() == []


def test_ids_named_like_object_properties_filter_like_any_other(browser, tmp_path):
    """Was: the Table filter always showed organizations whose id is `constructor`,
    `toString`, `hasOwnProperty` or `__proto__` (looked up on a plain JS object)."""
    from .conftest import write_sheets

    tricky = ["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf"]
    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector"], ["member", "Member Org", "business"],
                          *[[t, f"Org {t}", "nonprofit"] for t in tricky]],
        "partnerships": [["id", "name"], ["table", "The Table"]],
        "memberships": [["partnership", "organization", "role"], ["table", "member", "member"]],
    })
    store = tmp_path / "lcii.db"
    import_workbook(book, str(store))
    with open_store(store) as s:
        path = write_map(s, tmp_path / "map.html")
    page = Page(browser, path)
    assert page.page.text_content("#visible-count") == "6 of 6 shown"
    page.page.select_option("#filter-partnership", "table")
    assert page.page.text_content("#visible-count") == "1 of 6 shown"
    page.page.select_option("#filter-partnership", "")
    assert page.page.text_content("#visible-count") == "6 of 6 shown"
    assert page.errors == [] and page.outside_requests() == []


def test_custom_fields_in_the_details_panel_and_as_a_filter(browser, tmp_path):
    """Internal map: each organization's custom fields in its details, and a filter on a
    field's value (hostile names and values shown as text); the partner map has neither."""
    from .conftest import write_sheets

    hostile = HOSTILE[0]
    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector", "Ward", hostile],
                          ["a", "Alpha", "business", "3", hostile],
                          ["b", "Beta", "nonprofit", "3", ""],
                          ["c", "Gamma", "community", "4", ""],
                          ["d", "Delta", "government", "", ""]],
        "partnerships": [["id", "name", "Ward"], ["t", "The Table", "3"]],
        "memberships": [["partnership", "organization"], ["t", "a"]]})
    store = tmp_path / "lcii.db"
    import_workbook(book, str(store))
    with open_store(store) as s:
        internal = write_map(s, tmp_path / "internal.html", profile="internal")
        partner = write_map(s, tmp_path / "partner.html")
    page = Page(browser, internal)
    fields = page.evaluate("window.lciiMap.data.custom_fields")
    assert fields == [{"name": hostile, "values": [hostile]},  # stored keys are sorted
                      {"name": "Ward", "values": ["3", "4"]}]
    page.page.select_option("#filter-custom", "1:0")  # Ward: 3
    assert page.page.text_content("#visible-count") == "2 of 4 shown"
    assert page.evaluate("window.lciiMap.visibleCount()") == 3  # and the table in ward 3
    page.page.select_option("#filter-custom", "0:0")
    assert page.page.text_content("#visible-count") == "1 of 4 shown"
    page.page.select_option("#filter-custom", "")
    assert page.page.text_content("#visible-count") == "4 of 4 shown"
    page.page.fill("#search", "Alpha")
    page.page.press("#search", "Enter")
    shown = page.page.text_content("#details")
    assert "Ward (custom)3" in shown and f"{hostile} (custom){hostile}" in shown
    assert page.errors == [] and page.dialogs == [] and page.outside_requests() == []
    other = Page(browser, partner)
    assert other.evaluate("window.lciiMap.data.custom_fields") == []
    assert other.page.query_selector("#filter-custom") is None
    assert "custom" not in other.page.text_content("#details")
    assert "Ward" not in partner.read_text(encoding="utf-8")


def test_the_internal_map_shows_judgements_stance_and_the_grid(browser, tmp_path, example_dir):
    """Internal: each organization's latest judgement in its details, a stance colouring
    and the power-interest arrangement; the partner map has none of them."""
    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        internal = write_map(s, tmp_path / "internal.html", profile="internal",
                             as_of="2026-06-30")
        partner = write_map(s, tmp_path / "partner.html", as_of="2026-06-30")
    page = Page(browser, internal)
    judged = page.evaluate("window.lciiMap.data.nodes.filter(function (n) { return "
                           "n.judgements && n.judgements.length && n.judgements[0].power "
                           "!== null && n.judgements[0].interest !== null; }).length")
    assert judged == 13  # the example's organizations judged (its one person is not drawn)
    page.page.select_option("#color-by", "stance")
    color = page.evaluate("window.lciiMap.nodes.get('rb-utilities').color.background")
    assert color == "#b2182b"  # an opponent
    page.page.select_option("#arrange", "grid")
    assert page.evaluate("window.lciiMap.visibleCount()") == judged
    page.page.uncheck("input[data-sector=business]")  # filters still apply on the grid
    business = page.evaluate("window.lciiMap.data.nodes.filter(function (n) { return "
                             "n.sector === 'business' && n.judgements.length; }).length")
    assert page.evaluate("window.lciiMap.visibleCount()") == judged - business > 0
    page.page.check("input[data-sector=business]")
    x, y = page.evaluate("[window.lciiMap.nodes.get('rb-utilities').x, "
                         "window.lciiMap.nodes.get('rb-utilities').y]")
    # Interest 3, power 4: the cell it shares with the County Executive (60 units apart).
    assert y == (2.5 - 4) * 400 and x in ((3 - 2.5) * 400, (3 - 2.5) * 400 + 60)
    page.page.select_option("#arrange", "network")
    assert page.evaluate("window.lciiMap.visibleCount()") == 107
    page.page.fill("#search", "Harbor Construction")
    page.page.press("#search", "Enter")
    shown = page.page.text_content("#details")
    assert "Latest judgement" in shown and "Riverbend Works (2026-03-01)" in shown
    assert "sceptic" in shown and "consult \u2192 collaborate" in shown
    assert page.errors == [] and page.dialogs == [] and page.outside_requests() == []
    other = Page(browser, partner)
    assert other.page.query_selector("#color-by") is None
    assert other.page.query_selector("#arrange") is None
    assert other.evaluate("window.lciiMap.data.nodes.every(function (n) { return "
                          "!n.judgements || n.judgements.length === 0; })")
    assert "sceptic" not in partner.read_text(encoding="utf-8")


def test_the_internal_map_sizes_by_trust_and_colours_ties_by_it(browser, tmp_path,
                                                                example_dir):
    """Internal: nodes sized by the trust others rated them in the latest round, ties
    coloured by the trust rated between the two (either way; grey where unrated), each
    organization's scores in its details. The partner map has none of it, and refuses
    the size."""
    from statistics import mean

    from lcii_graph.analysis.survey import TRUST_ITEMS, survey_round
    from lcii_graph.network import network_of

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        internal = write_map(s, tmp_path / "internal.html", profile="internal",
                             size_by="trust")
        partner = write_map(s, tmp_path / "partner.html")
        with pytest.raises(ValueError, match="internal profile only"):
            write_map(s, tmp_path / "no.html", size_by="trust")
        network = network_of(s)
    scores = {o["organization"]: o["trust"]["score"]
              for o in survey_round(network, "2026")["organizations"]}
    ranked = sorted((v, k) for k, v in scores.items() if v is not None)
    low, high = ranked[0][1], ranked[-1][1]
    page = Page(browser, internal)
    size = "window.lciiMap.nodes.get('{}').size"
    assert page.evaluate(size.format(high)) > page.evaluate(size.format(low))
    pair = [r for r in network.records["ratings"] if r["round"] == "2026"
            and {r["respondent"], r["partner"]} == {"data-collaborative", "rb-community-fdn"}]
    assert pair, "the example rates this pair"
    trust = round(mean(r[i] for r in pair for i in TRUST_ITEMS if r[i] is not None), 2)
    page.page.select_option("#tie-color", "trust")
    found = page.evaluate("""(function () {
        var d = window.lciiMap.data, out = {};
        d.edges.forEach(function (e, i) {
          var key = [e.from, e.to].sort().join('|');
          out[key] = [e.trust === undefined ? null : e.trust,
                      window.lciiMap.edges.get('e' + i).color.color];
        });
        return out; })()""")
    value, color = found["data-collaborative|rb-community-fdn"]
    assert value == trust
    k = (trust - 1) / 3
    assert color == f"rgb({round(215 - 189 * k)},{round(48 + 104 * k)},{round(39 + 41 * k)})"
    assert any(t is None and c == "#dddddd" for t, c in found.values())  # drawn, not rated
    page.page.select_option("#tie-color", "kind")
    assert page.evaluate("window.lciiMap.edges.get('e0').color.color") in (
        "#888888", "#2e8b57", "#b8860b", "#6a5acd", "#cccccc")
    page.page.fill("#search", network.names["data-collaborative"])
    page.page.press("#search", "Enter")
    assert "Trust (survey 2026)" in page.page.text_content("#details")
    assert page.errors == [] and page.dialogs == [] and page.outside_requests() == []
    other = Page(browser, partner)
    assert other.page.query_selector("#tie-color") is None
    assert other.evaluate("window.lciiMap.data.edges.every(function (e) { "
                          "return e.trust === undefined; })")
    assert "(survey 2026)" not in partner.read_text(encoding="utf-8")
