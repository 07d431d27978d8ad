"""The seed report in a real browser: headless Chromium (Debian's) driven by Selenium.

Builds the store from ``seeds/`` (loads the spaCy model), writes the report,
opens it from disk and checks what an analyst would: the facts are in the
tables, a click on a source shows its quote, the keyboard reaches everything
with a visible focus, printing shows the quotes and hides the navigation,
the console stays clean, and the page makes no request beyond itself.

Only the system browser and driver are used (``/usr/bin/chromium``,
``/usr/bin/chromedriver``; ``apt-get install -y chromium chromium-driver``):
the driver path is passed explicitly and ``SE_OFFLINE=true`` keeps Selenium
Manager from downloading anything. Screenshots, the page and a PDF print go
to ``tests/report/artifacts/`` (git-ignored).
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _find(path: str, name: str) -> str | None:
    return path if Path(path).is_file() else shutil.which(name)


CHROMIUM = _find("/usr/bin/chromium", "chromium")
CHROMEDRIVER = _find("/usr/bin/chromedriver", "chromedriver")

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        CHROMIUM is None or CHROMEDRIVER is None,
        reason="headless Chromium is not installed: the browser test needs Debian's chromium and "
               "chromium-driver packages (apt-get install -y chromium chromium-driver), i.e. "
               "/usr/bin/chromium and /usr/bin/chromedriver"),
]

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1000"]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    from pipeline.report import write_report
    from pipeline.run import run

    work = tmp_path_factory.mktemp("seed-report")
    store = work / "store"
    run([ROOT / "seeds"], store)
    out = work / "report.html"
    write_report(store, out)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(out, ARTIFACTS / "report.html")
    return out


class Browser:
    """A WebDriver session that keeps every console and network log entry it has seen."""

    def __init__(self, driver, url: str) -> None:
        self.driver = driver
        self.url = url
        self.console: list[dict] = []
        self.requests: list[str] = []

    def drain(self) -> None:
        self.console += self.driver.get_log("browser")
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])

    def forget(self) -> None:
        """Drop what was logged so far (the browser's own start-up page)."""
        self.driver.get_log("browser")
        self.driver.get_log("performance")

    def load(self) -> None:
        self.driver.get(self.url)
        self.driver.execute_script("return document.readyState")
        self.drain()

    def active(self):
        return self.driver.switch_to.active_element


@pytest.fixture(scope="module")
def browser(report_file: Path):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is not installed: pip install -e '.[dev]' (it is a dev dependency)")
    saved = os.environ.get("SE_OFFLINE")
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a browser or driver
    profile = tempfile.mkdtemp(prefix="caveat-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        b = Browser(driver, report_file.as_uri())
        driver.get("about:blank")
        b.forget()  # requests of Chromium's new-tab page are not the report's
        b.load()
        yield b
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
        if saved is None:
            os.environ.pop("SE_OFFLINE", None)
        else:
            os.environ["SE_OFFLINE"] = saved


def by_css(scope, selector: str):
    from selenium.webdriver.common.by import By
    return scope.find_elements(By.CSS_SELECTOR, selector)


def test_restrictions_table_holds_the_facts(browser: Browser) -> None:
    rows = by_css(browser.driver, "#restrictions-table tbody tr")
    assert rows, "no restriction in force"
    atacms = [r for r in rows if "ATACMS" in by_css(r, "td.weapons")[0].text]
    assert atacms, "no restriction in force mentions ATACMS"
    assert any(by_css(r, "td.issuer")[0].text.strip() == "United States" for r in atacms)
    assert all(by_css(r, "td.bound")[0].text.strip() for r in rows)


def test_permissions_table_mentions_kharkiv(browser: Browser) -> None:
    table = by_css(browser.driver, "#permissions-table")[0]
    assert "Kharkiv" in table.text
    assert "United States" in table.text


def test_clicking_a_source_reveals_its_quote(browser: Browser) -> None:
    details = by_css(browser.driver, "#restrictions-table details.source")[0]
    quote = by_css(details, "blockquote")[0]
    assert details.get_attribute("open") is None
    assert not quote.is_displayed()
    by_css(details, "summary")[0].click()
    assert details.get_attribute("open") is not None
    assert quote.is_displayed() and len(quote.text) > 20


def test_keyboard_reaches_everything_with_visible_focus(browser: Browser) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def press(key: str) -> None:
        ActionChains(browser.driver).send_keys(key).perform()  # a new chain each time: they accumulate

    browser.load()  # fresh page: focus starts at the top
    press(Keys.TAB)
    skip = browser.active()
    assert "skip-link" in (skip.get_attribute("class") or "")
    assert browser.driver.execute_script("return arguments[0].getBoundingClientRect().top >= 0", skip)
    assert browser.driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", skip) != "none"
    press(Keys.ENTER)
    assert browser.driver.execute_script("return location.hash") == "#main"
    assert browser.active().get_attribute("id") == "main"

    seen = []
    summary = None
    for _ in range(80):
        press(Keys.TAB)
        el = browser.active()
        tag = el.tag_name.lower()
        seen.append((tag, el.get_attribute("id") or el.get_attribute("href") or el.text[:30]))
        if tag == "summary":
            summary = el
            break
    assert summary is not None, f"Tab never reached a quote's summary: {seen}"
    assert len(set(seen)) == len(seen), "focus got stuck"
    assert any(tag == "button" for tag, _ in seen)  # the show/hide-all-quotes buttons
    outline = browser.driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", summary)
    assert outline != "none", "no visible focus on the summary"
    details = summary.find_element("xpath", "..")
    press(Keys.ENTER)
    assert details.get_attribute("open") is not None
    assert by_css(details, "blockquote")[0].is_displayed()


def test_show_all_quotes_button(browser: Browser) -> None:
    browser.load()
    button = by_css(browser.driver, "#quote-controls button[data-open='true']")[0]
    assert button.is_displayed()
    button.click()
    quotes = by_css(browser.driver, "details.source blockquote")
    assert quotes and all(q.is_displayed() for q in quotes[:20])
    by_css(browser.driver, "#quote-controls button[data-open='false']")[0].click()
    assert not quotes[0].is_displayed()


def test_print_shows_quotes_and_hides_navigation(browser: Browser) -> None:
    browser.load()
    d = browser.driver
    d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not by_css(d, "nav.toc")[0].is_displayed()
        assert not by_css(d, ".skip-link")[0].is_displayed()
        # Selenium's is_displayed() calls anything in a closed <details> hidden; ask the page
        quote = by_css(d, "#restrictions-table details.source blockquote")[0]
        assert quote.find_element("xpath", "..").get_attribute("open") is None
        assert d.execute_script("return arguments[0].checkVisibility()", quote)
        assert not d.execute_script("return arguments[0].checkVisibility()",
                                    by_css(d, "nav.toc")[0])
    finally:
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = d.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF") and len(data) > 10_000
    (ARTIFACTS / "report.pdf").write_bytes(data)


def test_screenshots(browser: Browser) -> None:
    browser.load()
    d = browser.driver
    assert d.save_screenshot(str(ARTIFACTS / "report.png"))  # the top of the page, as first seen
    height = d.execute_script("return document.documentElement.scrollHeight")
    d.set_window_size(1280, min(int(height) + 120, 16000))
    try:
        assert d.save_screenshot(str(ARTIFACTS / "report-full.png"))
    finally:
        d.set_window_size(1280, 1000)
    assert (ARTIFACTS / "report.png").stat().st_size > 20_000


def test_no_console_errors_and_no_external_requests(browser: Browser) -> None:
    browser.load()
    for summary in by_css(browser.driver, "summary")[:10]:
        summary.click()
    browser.drain()
    errors = [e for e in browser.console if e.get("level") in ("SEVERE", "ERROR")]
    assert errors == [], errors
    assert browser.url in browser.requests, "the performance log saw no request at all"
    outside = [u for u in browser.requests if not (u.startswith("file://") or u.startswith("data:"))]
    assert outside == [], outside
