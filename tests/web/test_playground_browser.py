"""The playground in a real browser: Debian's headless Chromium driven by Selenium.

Nothing is downloaded: the driver is /usr/bin/chromedriver, given to Selenium directly (so
Selenium Manager never runs) and SE_OFFLINE is set in case it would. Screenshots go to
tests/artifacts/ (gitignored). Install the browser with
`apt-get install -y chromium chromium-driver`; without it these tests fail, never skip.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from harness import ROOT, SHARED
from harness.servers import LiveServer, start_server, stop
from tests.conftest import _SETTINGS_VARS

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = ROOT / "tests" / "artifacts"
SEED_JSON = SHARED / "eval" / "seed" / "seed.json"
CANNED = Path(__file__).parent / "data" / "playground_canned.json"
WAIT_S = 15


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    for binary in (CHROMIUM, CHROMEDRIVER):
        assert Path(binary).is_file(), (
            f"{binary} missing: apt-get install -y chromium chromium-driver (fail, never skip)"
        )
    os.environ["SE_OFFLINE"] = "true"  # never let Selenium fetch a browser or driver
    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # we run as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--window-size=1366,900",
    ):
        options.add_argument(arg)
    service = Service(executable_path=CHROMEDRIVER, log_output=str(profile / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(WAIT_S)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def ui_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # module scoped, so the per-test clean-env fixture has not run yet: clear the same names
    with pytest.MonkeyPatch.context() as patch:
        for name in _SETTINGS_VARS:
            patch.delenv(name, raising=False)
        server = start_server(tmp_path_factory.mktemp("ui-server"), {"DRAIN_S": "0"}, workers=1)
    yield server
    assert stop(server.proc) == 0, server.log.read_text()


def open_page(browser: WebDriver, url: str) -> None:
    browser.get(url)
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.execute_script("return document.body.dataset.ready") == "true"
    )


def wait_for_outcome(browser: WebDriver) -> None:
    """Until results were rendered or an error is shown."""

    def done(d: WebDriver) -> bool:
        return bool(
            d.execute_script(
                "return Boolean(document.body.dataset.rendered)"
                " || !document.getElementById('error').hidden"
            )
        )

    WebDriverWait(browser, WAIT_S).until(done)


def error_text(browser: WebDriver) -> str:
    box = browser.find_element(By.ID, "error")
    return box.text if box.is_displayed() else ""


def screenshot(browser: WebDriver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    browser.save_screenshot(str(path))
    return path


def straight(text: str) -> str:
    return text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))


def texts(browser: WebDriver, css: str) -> list[str]:
    return [
        e.get_attribute("textContent") or "" for e in browser.find_elements(By.CSS_SELECTOR, css)
    ]


def doubled_caption_lines(seed_text: str, expected: dict[str, Any]) -> list[int]:
    """Chrome lines repeating the article's caption line, after its first occurrence."""
    lines = seed_text.splitlines()
    doubled: list[int] = []
    for article in expected["articles"]:
        image = article["images"][0]
        caption_line = f"{image['caption']} ({image['credit']})"
        hits = [n for n in article["chrome_lines"] if lines[n - 1].strip() == caption_line]
        assert len(hits) >= 2, f"seed.json: no doubled caption in {article['title']!r}"
        doubled += hits[1:]
    return doubled


def test_seed_dump_end_to_end(browser: WebDriver, ui_server: LiveServer, seed_text: str) -> None:
    """Paste the seed dump, press Process: the final pipeline's facts show on the page."""
    expected = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    started = time.monotonic()
    open_page(browser, ui_server.url + "/")
    area = browser.find_element(By.ID, "dump-text")
    # a paste: the whole text at once, then the input event a paste fires
    browser.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        area,
        seed_text,
    )
    browser.find_element(By.ID, "process-button").click()
    wait_for_outcome(browser)
    shot = screenshot(browser, "playground-seed.png")
    assert not error_text(browser), error_text(browser)

    problems: list[str] = []  # collected, so one run names every fact that is still missing
    # the service straightens quotes in its output text (as the dev scorer folds them)
    titles = [straight(t) for t in texts(browser, "#cards article.card h3")]
    want_titles = [straight(a["title"]) for a in expected["articles"]]
    if titles != want_titles:
        problems.append(f"card titles {titles} != seed.json {want_titles}")
    removed = {}  # every line a removal row stands for (a run covers line..line_end)
    for row in browser.find_elements(By.CSS_SELECTOR, "#removed tr[data-line]"):
        first = int(row.get_attribute("data-line") or 0)
        last = int(row.get_attribute("data-line-end") or first)
        for line in range(first, last + 1):
            removed[line] = row.get_attribute("data-reason") or ""
    for line in doubled_caption_lines(seed_text, expected):
        if not removed.get(line, "").startswith("repeated_"):
            problems.append(f"doubled caption line {line} not in removed as a repeat: {removed}")
    persons = texts(browser, "#cards mark.ent[data-type=PERSON]")
    if "Vladimir Putin" not in persons:
        problems.append(f"no PERSON highlight on 'Vladimir Putin' in the cards (saw {persons})")
    raw_persons = texts(browser, "#raw span.ent[data-type=PERSON]")
    if "Vladimir Putin" not in raw_persons:
        problems.append("no PERSON mention of 'Vladimir Putin' marked in the raw view")
    summary = browser.find_element(By.ID, "summary").text
    if "MISS" not in summary:
        problems.append(f"X-Cache MISS not shown: {summary!r}")
    link = browser.find_element(By.ID, "result-link").get_attribute("href") or ""
    if "/v1/results/sha256:" not in link:
        problems.append(f"bad results link {link!r}")
    assert not problems, "\n".join(problems) + f"\nscreenshot: {shot}"
    assert time.monotonic() - started < 20


def test_a_withheld_topic_says_why(browser: WebDriver, ui_server: LiveServer) -> None:
    canned = json.loads(CANNED.read_text(encoding="utf-8"))
    tags = canned["result"]["articles"][0]["tags"]
    tags["topics"] = []
    tags["topics_withheld"] = "no topic is likely enough: the best, society, has 0.31"
    open_page(browser, ui_server.url + "/")
    browser.execute_script(
        "window.copydesk.render(arguments[0], arguments[1], {cache: 'MISS', options: {}})",
        canned["result"],
        canned["raw"],
    )
    hints = texts(browser, "#cards .tags p.hint")
    assert hints == ["No topic: no topic is likely enough: the best, society, has 0.31"]


def test_the_main_article_is_marked_when_there_are_others(
    browser: WebDriver, ui_server: LiveServer
) -> None:
    canned = json.loads(CANNED.read_text(encoding="utf-8"))
    result = canned["result"]
    second = {**result["articles"][0], "index": 1, "title": "Another story"}
    open_page(browser, ui_server.url + "/")
    for articles, main, want in (
        ([result["articles"][0], second], 1, [False, True]),
        ([result["articles"][0]], 0, [False]),  # one article: nothing to tell apart
    ):
        browser.execute_script(
            "window.copydesk.render(arguments[0], arguments[1], {cache: 'MISS', options: {}})",
            {**result, "articles": articles, "main_article": main},
            canned["raw"],
        )
        labels = texts(browser, "#cards article.card p.card-no")
        assert ["main story" in label for label in labels] == want, labels


def test_canned_result_renders_mentions_by_code_point(
    browser: WebDriver, ui_server: LiveServer
) -> None:
    """Rendering alone: a hand-made result, emoji before its mentions (UTF-16 != code points)."""
    canned = json.loads(CANNED.read_text(encoding="utf-8"))
    open_page(browser, ui_server.url + "/")
    browser.execute_script(
        "window.copydesk.render(arguments[0], arguments[1],"
        " {cache: 'HIT', options: {dedupe: 'near'}})",
        canned["result"],
        canned["raw"],
    )
    assert texts(browser, "#cards article.card h3") == ["Summit 😀 Opens in New Delhi"]
    marks = browser.find_elements(By.CSS_SELECTOR, "#cards mark.ent[data-type=PERSON]")
    assert {m.get_attribute("textContent") for m in marks} == {
        "Vladimir Putin",
        "Putin",
        "Narendra Modi",
    }
    putin = next(m for m in marks if m.get_attribute("textContent") == "Vladimir Putin")
    assert "wikidata:Q7747" in (putin.get_attribute("title") or "")
    assert texts(browser, "#cards mark.ent[data-type=GPE]") == ["India"]
    # the raw view slices by code points: every mention marks exactly its surface
    raw_marks = texts(browser, "#raw span.ent")
    mentions = [
        canned["raw"][m["start"] : m["end"]]
        for e in canned["result"]["articles"][0]["tags"]["entities"]
        for m in e["mentions"]
    ]
    assert sorted(raw_marks) == sorted(mentions)
    assert texts(browser, "#raw .span-label")[:1] == ["article 1"]
    assert "folded into article 1, near, 0.93" in browser.find_element(By.ID, "duplicates").text
    rows = browser.find_elements(By.CSS_SELECTOR, "#removed tr[data-line]")
    assert [(r.get_attribute("data-line"), r.get_attribute("data-reason")) for r in rows] == [
        ("4", "repeated_caption"),
        ("6", "dateline"),
    ]
    figure = browser.find_element(By.CSS_SELECTOR, "#cards figure").text
    assert "credit: Kremlin/dpa" in figure
    assert "HIT" in browser.find_element(By.ID, "summary").text
    # keyboard: the span button moves focus to the article's start in the raw view
    browser.find_element(By.CSS_SELECTOR, "button[data-goto='0']").click()
    assert browser.switch_to.active_element.get_attribute("id") == "raw-article-0"
    screenshot(browser, "playground-canned.png")


def test_api_errors_show_as_problem_details(browser: WebDriver, ui_server: LiveServer) -> None:
    open_page(browser, ui_server.url + "/")
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input, textarea, select, button')]"
        ".filter(e => e.type !== 'submit' && e.tagName !== 'BUTTON' && !e.labels.length)"
        ".map(e => e.id || e.name)"
    )
    assert unlabelled == []
    browser.find_element(By.ID, "dump-text").send_keys("Title\n\nBody text.\n")
    threshold = browser.find_element(By.ID, "near-threshold")
    threshold.clear()
    threshold.send_keys("5")
    browser.find_element(By.ID, "process-button").click()
    try:
        WebDriverWait(browser, WAIT_S).until(lambda d: error_text(d))
    except TimeoutException:
        pytest.fail("no error shown for an invalid option")
    shown = error_text(browser)
    assert "422" in shown and "near_threshold" in shown, shown
    screenshot(browser, "playground-error.png")


def test_docs_page_renders_the_spec(browser: WebDriver, ui_server: LiveServer) -> None:
    open_page(browser, ui_server.url + "/docs")
    headings = texts(browser, "#doc h3")
    assert "POST/v1/process" in headings  # the method badge, then the path
    assert "ProcessResult" in headings and "GET/playground/{asset}" in headings
    screenshot(browser, "docs.png")


def test_chromium_is_debians(browser: WebDriver) -> None:
    assert shutil.which("chromedriver") == CHROMEDRIVER
    assert browser.capabilities["browserName"] in {"chrome", "chromium"}


def test_api_key_field_when_keys_are_configured(browser: WebDriver, tmp_path: Path) -> None:
    server = start_server(tmp_path, {"API_KEYS": "sesame", "DRAIN_S": "0"}, workers=1)
    try:
        open_page(browser, server.url + "/")  # the page itself needs no key
        key = browser.find_element(By.ID, "api-key")
        assert key.is_displayed() and key.get_attribute("type") == "password"
        browser.find_element(By.ID, "dump-text").send_keys("Title\n\nBody text here.\n")
        browser.find_element(By.ID, "process-button").click()
        WebDriverWait(browser, WAIT_S).until(lambda d: error_text(d))
        assert "401 Unauthorized" in error_text(browser)
        key.send_keys("sesame")
        browser.find_element(By.ID, "process-button").click()
        wait_for_outcome(browser)
        WebDriverWait(browser, WAIT_S).until(lambda d: texts(d, "#cards article.card h3"))
        assert not error_text(browser)
        assert texts(browser, "#cards article.card h3")[:1] == ["Title"]
    finally:
        assert stop(server.proc) == 0, server.log.read_text()
