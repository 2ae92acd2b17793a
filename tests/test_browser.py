"""The report and the paste page in a real browser (Chromium, driven by Selenium).

Asserts on the live DOM. Screenshots are saved under the folder printed at the
end of the run (``CLAIMLINT_ARTIFACTS`` chooses it); with
``CLAIMLINT_UPDATE_SCREENSHOTS=1`` they also replace the README's images in docs/.
The waits below guard against a hang; none of them is a speed requirement.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import re
import tempfile
from pathlib import Path

import pytest

from .conftest import ROOT

CHROMIUM = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None)
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="no Chromium and chromedriver on this machine (.ci/run installs Debian's chromium and chromium-driver)",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-proxy-server", "--window-size=1200,1400", "--hide-scrollbars"]
HANG_GUARD = 300  # seconds: only so that a broken page fails instead of hanging the run
HOSTILE = ('Our "><img src=x onerror="window.pwned=1"> clinic is a miracle.\n\n'
           "<script>window.pwned = 2</script> Ketamine is safe and well-tolerated.\n")


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory, request):
    folder = Path(os.environ.get("CLAIMLINT_ARTIFACTS") or tmp_path_factory.mktemp("browser-artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    line = f"browser screenshots and the printed PDF: {folder}"
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if capture is not None and reporter is not None:
        with capture.global_and_fixture_disabled():
            reporter.write_line(line)
    else:
        print(line)


def save(driver, artifacts: Path, name: str, element=None) -> Path:
    path = artifacts / name
    if element is not None:
        element.screenshot(str(path))
    else:
        driver.save_screenshot(str(path))
    if os.environ.get("CLAIMLINT_UPDATE_SCREENSHOTS") == "1":
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(path, ROOT / "docs" / name)
    return path


@pytest.fixture
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="claimlint-chromium-")
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


#: schemes the browser serves from itself (its new-tab page, data: URLs): they never leave the machine
BROWSER_OWN = ("data:", "about:", "chrome://", "chrome-untrusted://")


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def wait(driver, condition):
    return WebDriverWait(driver, HANG_GUARD, poll_frequency=0.05).until(lambda d: condition())


MARKED = """
const byId = {};
for (const mark of document.querySelectorAll('mark.hl')) {
  for (const id of mark.dataset.f.split(' ')) { byId[id] = (byId[id] || '') + mark.textContent; }
}
return byId;
"""
VISIBLE_CARDS = "return [...document.querySelectorAll('details.finding')].filter(c => c.offsetParent !== null).map(c => c.id);"
LIT_MARKS = "return [...document.querySelectorAll('mark.hl:not(.off)')].filter(m => m.offsetParent !== null).flatMap(m => m.dataset.f.split(' '));"


def words(text: str) -> list[str]:
    return re.sub(r"[*_`#>\[\]]|<[^>]*>", "", text).split()


def test_the_report_opened_from_disk(browser, artifacts, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(ROOT / "seeds", site / "seeds")
    (site / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "report.html"
    run = subprocess.run([sys.executable, "-m", "linter", "report", "seeds", "hostile.txt", "-o", str(out)], cwd=site,
                         capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stderr
    checked = json.loads(subprocess.run([sys.executable, "-m", "linter", "check", "seeds", "hostile.txt", "--format", "json"], cwd=site,
                                        capture_output=True, text=True, stdin=subprocess.DEVNULL).stdout)
    browser.get(out.as_uri())
    wait(browser, lambda: browser.execute_script("return document.readyState") == "complete")

    # nothing from the pages ran; the view holds one highlight set per finding, on its words
    assert browser.execute_script("return window.pwned === undefined && document.querySelectorAll('img').length === 0")
    marked = browser.execute_script(MARKED)
    assert len(marked) == len(checked) == len(browser.find_elements(By.CSS_SELECTOR, "details.finding"))
    sections = browser.find_elements(By.CSS_SELECTOR, "section.page")
    by_path = {}
    for section in sections:
        cards = section.find_elements(By.CSS_SELECTOR, "details.finding")
        by_path[section.get_attribute("data-page")] = sorted(
            (card.get_attribute("data-rule"), words(marked[card.get_attribute("id")])) for card in cards)
    expected = {}
    for finding in checked:
        expected.setdefault(finding["path"], []).append((finding["rule"], words(finding["text"])))
    assert {path: sorted(items) for path, items in expected.items()} == {path: items for path, items in by_path.items() if items}
    assert browser.find_element(By.CSS_SELECTOR, ".total-findings").text == str(len(checked))
    save(browser, artifacts, "report.png")

    # a finding's card is closed until its highlight is clicked
    mark = browser.find_element(By.CSS_SELECTOR, "section.page mark.hl:not(.overlap)")
    card = browser.find_element(By.ID, mark.get_attribute("data-f"))
    rewrite = card.find_element(By.CSS_SELECTOR, ".rewrite")
    assert not rewrite.is_displayed()
    mark.click()
    assert card.get_attribute("open") == "true" and rewrite.is_displayed()
    assert card.find_element(By.CSS_SELECTOR, "code.rule").text == card.get_attribute("data-rule")
    rule = card.get_attribute("data-rule")
    rewrites = [item for item in checked if item["rule"] == rule][0]["suggestions"]
    assert [el.text for el in card.find_elements(By.CSS_SELECTOR, ".rewrite")] == rewrites
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'}); window.scrollBy(0, -140);", mark)
    save(browser, artifacts, "report-finding.png")

    # an overlapping highlight opens every finding it stands for
    overlap = browser.find_element(By.CSS_SELECTOR, "mark.hl.overlap")
    ids = overlap.get_attribute("data-f").split()
    assert len(ids) >= 2
    browser.execute_script("arguments[0].click()", overlap)
    assert all(browser.find_element(By.ID, i).get_attribute("open") == "true" for i in ids)

    # filters: severity, category, page
    all_ids = set(marked)
    severity_of = {card.get_attribute("id"): card.get_attribute("data-severity") for card in browser.find_elements(By.CSS_SELECTOR, "details.finding")}
    category_of = {card.get_attribute("id"): card.get_attribute("data-category") for card in browser.find_elements(By.CSS_SELECTOR, "details.finding")}
    browser.find_element(By.CSS_SELECTOR, 'input[name="severity"][value="warning"]').click()
    not_warnings = {i for i in all_ids if severity_of[i] != "warning"}
    assert set(browser.execute_script(VISIBLE_CARDS)) == not_warnings
    assert set(browser.execute_script(LIT_MARKS)) <= all_ids and set(browser.execute_script(LIT_MARKS)) & not_warnings == not_warnings
    for lit in browser.find_elements(By.CSS_SELECTOR, "mark.hl:not(.off)"):
        assert any(severity_of[i] != "warning" for i in lit.get_attribute("data-f").split())
    browser.find_element(By.CSS_SELECTOR, 'input[name="category"][value="safety"]').click()
    shown = {i for i in all_ids if severity_of[i] != "warning" and category_of[i] != "safety"}
    assert set(browser.execute_script(VISIBLE_CARDS)) == shown
    assert browser.find_element(By.CSS_SELECTOR, "output.shown").text == f"{len(shown)} shown"
    browser.find_element(By.CSS_SELECTOR, 'input[name="severity"][value="warning"]').click()
    browser.find_element(By.CSS_SELECTOR, 'input[name="category"][value="safety"]').click()
    assert set(browser.execute_script(VISIBLE_CARDS)) == all_ids
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.CSS_SELECTOR, 'select[name="page"]')).select_by_visible_text("hostile.txt")
    visible_sections = [s.get_attribute("data-page") for s in sections if s.is_displayed()]
    assert visible_sections == ["hostile.txt"]
    assert set(browser.execute_script(VISIBLE_CARDS)) == {i for i in all_ids if i.startswith(
        browser.find_element(By.CSS_SELECTOR, 'section.page[data-page="hostile.txt"]').get_attribute("id") + "-")}
    Select(browser.find_element(By.CSS_SELECTOR, 'select[name="page"]')).select_by_index(0)

    # printing: a paginated PDF without the controls
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, "form.filters").is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.print_page())
    # the summary, then every page of the site on a page of its own
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) >= 1 + len(sections)
    (artifacts / "report.pdf").write_bytes(pdf)

    assert console_errors(browser) == []
    urls = requested_urls(browser)
    assert urls and all(url.startswith(("file://",) + BROWSER_OWN) for url in urls), urls


@pytest.fixture
def server(tmp_path):
    """``claimlint serve`` as a reviewer starts it, from a folder with a configuration."""
    (tmp_path / ".claimlint.toml").write_text('ignore = ["hype.superlative"]\n', encoding="utf-8")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "-m", "linter", "serve", "--port", "0"], cwd=tmp_path, env=env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = process.stderr.readline()
    assert line.startswith("claimlint serve: open http://127.0.0.1:"), line
    url = line.split("open ", 1)[1].split(" ", 1)[0]
    yield url
    process.terminate()
    process.wait()


def test_the_paste_page_over_loopback(browser, artifacts, server, tmp_path):
    import linter

    browser.get(server)
    copy = browser.find_element(By.ID, "copy")
    text = ("Why our ketamine infusions?\n"
            "Ketamine infusions relieve depression 😀 within hours, and they are safe and well-tolerated.\n")
    copy.send_keys(text)
    expected = linter.lint_text(text, "pasted.txt")
    result = browser.find_element(By.ID, "result")
    wait(browser, lambda: result.get_attribute("data-count") == str(len(expected))
         and browser.execute_script("return document.getElementById('copy').value") == text)
    wait(browser, lambda: len(browser.execute_script(MARKED)) == len(expected))
    marked = browser.execute_script(MARKED)
    assert sorted(words(t) for t in marked.values()) == sorted(words(f.text) for f in expected)
    status = browser.find_element(By.ID, "status").text
    assert status == f"{len(expected)} findings: 4 errors, 1 warning. The copy fails."

    # a highlight opens its card; a rewrite is copied with one click
    mark = result.find_element(By.CSS_SELECTOR, "mark.hl:not(.doc)")
    mark.click()
    card = browser.find_element(By.ID, mark.get_attribute("data-f").split()[0])
    assert card.get_attribute("open") == "true"
    rewrite = card.find_element(By.CSS_SELECTOR, ".rewrite")
    assert rewrite.is_displayed()
    origin = server.rstrip("/")
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    button = card.find_element(By.CSS_SELECTOR, "button.copy")
    button.click()
    wait(browser, lambda: button.text == "Copied")
    pasted = browser.execute_async_script("const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('error: ' + e));")
    assert pasted == rewrite.text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", card)
    browser.execute_script("window.scrollTo(0, 0)")
    save(browser, artifacts, "serve.png")

    # typing on updates the view; hostile copy stays text
    copy.clear()
    copy.send_keys(HOSTILE)
    expected = linter.lint_text(HOSTILE, "pasted.txt")
    wait(browser, lambda: result.get_attribute("data-count") == str(len(expected))
         and browser.execute_script("return document.getElementById('copy').value") == HOSTILE)
    wait(browser, lambda: "window.pwned = 2" in result.text)
    assert browser.execute_script("return window.pwned === undefined && document.querySelectorAll('#result img, #result script').length === 0")

    # an uploaded HTML file is read as HTML
    page = tmp_path / "landing.html"
    page.write_text("<h1>A miracle</h1><script>var x = 'breakthrough';</script><p>Results guaranteed.</p>", encoding="utf-8")
    browser.find_element(By.ID, "file").send_keys(str(page))
    expected = linter.lint_text(page.read_text(encoding="utf-8"), "landing.html")
    wait(browser, lambda: browser.find_element(By.ID, "format").get_attribute("value") == "html"
         and result.find_elements(By.CSS_SELECTOR, 'section.page[data-page="landing.html"]')
         and result.get_attribute("data-count") == str(len(expected)))
    assert sorted(words(t) for t in browser.execute_script(MARKED).values()) == sorted(words(f.text) for f in expected)

    assert console_errors(browser) == []
    urls = requested_urls(browser)
    assert urls and all(url.startswith((origin + "/",) + BROWSER_OWN) for url in urls), urls
