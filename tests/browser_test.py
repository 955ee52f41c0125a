#!/usr/bin/env python3
"""hrdex-serve in a real browser: headless Chromium driven by Selenium.

One browser session walks what a researcher does: load the search page, type
a query, click a facet and see the count and hits change, open a unit, make
an extract and download it (compared byte for byte with hrdex-query's), on
a phone-sized screen, in print, and with JavaScript off. A document whose
text holds markup must show it as text. Every page is screenshotted into the
artefact folder, and the browser's console must stay free of errors (a
Content-Security-Policy violation is one).

Usage: browser_test.py HRDEX_INDEX HRDEX_QUERY HRDEX_SERVE PROJECT_DIR ARTEFACT_DIR
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

index_bin, query_bin, serve_bin, project, artefacts = sys.argv[1:6]
os.makedirs(artefacts, exist_ok=True)
tmp = tempfile.mkdtemp(prefix="hrdex-browser-")
db = os.path.join(tmp, "idx")
downloads = os.path.join(tmp, "downloads")
os.makedirs(downloads)
failures = []
passed = 0


def check(name, ok, detail=""):
    global passed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failures.append(name)
        print(f"FAIL {name} {detail}")


subprocess.run([index_bin, "add", "-q", "--db", db, os.path.join(project, "corpus/documents"),
                os.path.join(project, "tests/data/query"), os.path.join(project, "tests/data/serve")],
               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

# The extract's "generated" time is fixed so that the download and the
# command line's output can be compared byte for byte.
env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
server = subprocess.Popen([serve_bin, "--db", db, "--listen", "127.0.0.1:0"], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
first = server.stdout.readline()
match = re.search(r"at (http://127\.0\.0\.1:\d+/)", first)
if not match:
    print("hrdex-serve did not start:", first, server.stderr.read())
    sys.exit(1)
base = match.group(1)
loopback_line = server.stdout.readline()
check("says it listens on loopback only", "loopback only" in loopback_line, loopback_line)

options = webdriver.ChromeOptions()
options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-dev-shm-usage", f"--user-data-dir={os.path.join(tmp, 'profile')}",
             "--window-size=1280,900"]:
    options.add_argument(flag)
options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                          "download.prompt_for_download": False})
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
wait = WebDriverWait(driver, 15)
console = []


def shot(name):
    driver.save_screenshot(os.path.join(artefacts, f"{name}.png"))
    console.extend(e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING"))


def total():
    return int(driver.find_element(By.CSS_SELECTOR, "p.total").get_attribute("data-total"))


try:
    # Load the page.
    driver.get(base)
    check("search page loads", "hrdex" in driver.title and driver.find_elements(By.CSS_SELECTOR, "aside.facets"))
    check("script ran (no CSP block)", driver.execute_script("return document.documentElement.classList.contains('js')"))
    shot("01-search-start")

    # Type a query.
    box = driver.find_element(By.NAME, "q")
    box.send_keys("pollution", Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "li.hit")))
    before_total, before_hits = total(), len(driver.find_elements(By.CSS_SELECTOR, "li.hit"))
    check("typed query finds hits", before_total > 1 and before_hits == min(before_total, 20), f"{before_total} {before_hits}")
    check("hits are highlighted", driver.find_elements(By.CSS_SELECTOR, "li.hit mark"))
    shot("02-search-results")

    # Click a facet: the count and the hits change, the filter is in the URL.
    link = driver.find_element(By.CSS_SELECTOR, 'section[data-facet="by"] li a')
    facet_count = int(link.find_element(By.XPATH, "following-sibling::span").text.replace(",", ""))
    link.click()
    wait.until(EC.url_contains("f=by"))
    after_total, after_hits = total(), len(driver.find_elements(By.CSS_SELECTOR, "li.hit"))
    check("facet narrows the count to the facet's", after_total == facet_count and after_total < before_total,
          f"{after_total} vs {facet_count} of {before_total}")
    check("facet changes the hits", after_hits == min(after_total, 20) and after_hits < before_hits)
    check("selected facet is marked", driver.find_elements(By.CSS_SELECTOR, "aside.facets li.selected"))
    shot("03-facet-clicked")
    # Clicking it again removes the filter.
    driver.find_element(By.CSS_SELECTOR, "aside.facets li.selected a").click()
    wait.until(lambda d: "f=by" not in d.current_url)
    check("clicking the facet again removes it", total() == before_total)

    # Sorting: the script submits the form when the select changes.
    Select(driver.find_element(By.NAME, "sort")).select_by_value("-date")
    wait.until(EC.url_contains("sort=-date"))
    check("sort changes submit the form (script)", "sort=-date" in driver.current_url)
    # The state is in the URL: loading it again gives the same page.
    url = driver.current_url
    driver.get(url)
    check("state survives a reload from its URL", total() == before_total and
          Select(driver.find_element(By.NAME, "sort")).first_selected_option.get_attribute("value") == "-date")

    # Did you mean.
    driver.get(base + "?q=polution")
    check("did you mean", "pollution" in driver.find_element(By.CSS_SELECTOR, ".suggestion").text)
    driver.find_element(By.CSS_SELECTOR, ".suggestion a").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "li.hit")))

    # Open a unit.
    driver.find_element(By.CSS_SELECTOR, "li.hit h3 a").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".unit-text")))
    check("unit page shows the text", "pollution" in driver.find_element(By.CSS_SELECTOR, ".unit-text").text.lower())
    check("unit page shows why each tag", "because:" in driver.find_element(By.CSS_SELECTOR, "table.tags").text)
    check("unit page lists similar recommendations", driver.find_elements(By.CSS_SELECTOR, "ol.similar li.hit"))
    check("unit page links the source file", driver.find_elements(By.CSS_SELECTOR, "a[data-source]"))
    shot("04-unit")

    # An extract, downloaded and compared with the command line's.
    driver.get(base + "extract")
    Select(driver.find_element(By.NAME, "agency")).select_by_value("epa")
    driver.find_element(By.CSS_SELECTOR, "form.extract button").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".extract-body svg")))
    check("extract page shows the grouped extract with charts", driver.find_elements(By.CSS_SELECTOR, ".extract-body h2"))
    shot("05-extract")
    driver.find_element(By.CSS_SELECTOR, 'a[data-format="markdown"]').click()
    target = os.path.join(downloads, "recommendations-epa.md")
    for _ in range(100):
        if os.path.exists(target):
            break
        time.sleep(0.1)
    downloaded = open(target, "rb").read() if os.path.exists(target) else b""
    reproduce = re.search(rb"```\n(hrdex-query extract .*)\n```", downloaded)
    check("the download says how to reproduce it", reproduce is not None)
    if reproduce:
        argv = shlex.split(reproduce.group(1).decode())
        cli = subprocess.run([query_bin] + argv[1:], env=env, capture_output=True).stdout
        check("downloaded extract = hrdex-query extract's bytes", cli == downloaded and len(cli) > 100,
              f"{len(cli)} vs {len(downloaded)} bytes")

    # Markup in a document is text.
    driver.get(base + "?q=hostile+markup")
    text = driver.find_element(By.CSS_SELECTOR, "li.hit .snippet").text
    check("markup in documents shows as text", '"><img src=x onerror=alert(1)>' in text, text)
    try:
        driver.switch_to.alert
        check("no script from a document ran", False)
    except NoAlertPresentException:
        check("no script from a document ran", True)
    check("no element from a document", not driver.find_elements(By.CSS_SELECTOR, "main img"))
    shot("06-markup-as-text")

    # A phone-sized screen: one column, nothing wider than the screen.
    driver.set_window_size(390, 844)
    driver.get(base + "?q=pollution")
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    check("phone: no sideways scrolling", overflow <= 0, f"{overflow} px too wide")
    hits_x = driver.find_element(By.CSS_SELECTOR, "section.results").rect["x"]
    facets_y = driver.find_element(By.CSS_SELECTOR, "aside.facets").rect["y"]
    results_y = driver.find_element(By.CSS_SELECTOR, "section.results").rect["y"]
    check("phone: hits first, facets below", hits_x < 40 and facets_y > results_y)
    shot("07-phone")
    driver.set_window_size(1280, 900)

    # Print: the hits, without the form, facets and pager.
    driver.get(base + "?q=pollution")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = driver.execute_script(
        "return ['form.search','aside.facets','header.site'].every(s => getComputedStyle(document.querySelector(s)).display === 'none')")
    check("print hides the form, facets and header", hidden)
    check("print keeps the hits", driver.find_element(By.CSS_SELECTOR, "ol.hits").is_displayed())
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})
    import base64
    open(os.path.join(artefacts, "08-print.pdf"), "wb").write(base64.b64decode(pdf["data"]))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    # Without JavaScript: the form and the links do everything.
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    driver.get(base)
    driver.find_element(By.NAME, "q").send_keys("housing")
    driver.find_element(By.CSS_SELECTOR, "form.search button").click()
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "li.hit")))
    check("without JavaScript: the search works", total() > 0 and
          not driver.execute_script("return document.documentElement.classList.contains('js')"))
    driver.find_element(By.CSS_SELECTOR, "aside.facets li a").click()
    wait.until(EC.url_contains("f="))
    check("without JavaScript: facets work", total() > 0)
    shot("09-no-javascript")
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})

    # Error pages: a broken query says where.
    driver.get(base + "?q=housing+thme:water")
    check("broken query shows its error", "did you mean 'theme:'" in driver.find_element(By.CSS_SELECTOR, ".error").text)
    shot("10-query-error")
    console.extend(e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING"))
    # The 400 of the broken query is logged as a failed load; nothing else may be.
    errors = [e for e in console if "status of 400" not in e["message"]]
    check("no console errors", not errors, "\n".join(e["message"] for e in errors))
finally:
    driver.quit()
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    shutil.rmtree(tmp, ignore_errors=True)

print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
