"""Screenshot a running Streamlit page with the system Chromium (for README images).

Usage:
    python tools/screenshot.py URL OUTPUT.png [--full-page] [--wait SECONDS] [--click TEXT]...
    python tools/screenshot.py http://localhost:8599/cnn docs/screenshot.png --full-page

Needs the `playwright` Python package and Debian's `chromium` (`apt-get install chromium`); it launches
/usr/bin/chromium (or --browser PATH) and never downloads a browser, so do not run `playwright install`.
The viewport is 1400x900; `--full-page` then grows it to the page's height (at most 6000 px). After the
page loads it waits for network idle (Streamlit keeps a websocket open, so this gives up after 10 s) and
then `--wait` more seconds for charts to render. A page URL is opened after the app's root URL: on a
freshly started server, a first visit straight to /PAGE can be served as a legacy `pages/` script.
`--click TEXT` clicks the first element with that exact text before the screenshot (repeatable, in order).
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit, urlunsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]


def screenshot(url: str, output: str, *, browser_path: str = "/usr/bin/chromium", full_page: bool = False,
               wait_s: float = 4.0, clicks: list[str] | None = None) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            root = urlunsplit(urlsplit(url)._replace(path="/", query="", fragment=""))
            if root != url:
                page.goto(root, wait_until="domcontentloaded", timeout=60_000)
                _settle(page, 2.0)
            page.goto(url, wait_until="domcontentloaded", timeout=60_000)
            _settle(page, wait_s)
            for text in clicks or []:
                page.get_by_text(text, exact=True).first.click(timeout=15_000)
                _settle(page, wait_s)
            if full_page:
                _fit_viewport_to_content(page, wait_s)
            page.screenshot(path=output, full_page=full_page)
        finally:
            browser.close()


def _settle(page, wait_s: float) -> None:
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightTimeout:
        pass  # the app's websocket can keep the network busy; the fixed wait below still applies
    page.wait_for_timeout(wait_s * 1000)


def _fit_viewport_to_content(page, wait_s: float, max_height: int = 6000) -> None:
    """Streamlit scrolls inside its own container, so a "full page" screenshot of the document is only
    the viewport; grow the viewport to the tallest scrollable content instead, then let it re-render."""
    height = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...Array.from(document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]'),
                      (el) => el.scrollHeight))""")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height), 900), max_height)})
    _settle(page, wait_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("output")
    parser.add_argument("--full-page", action="store_true", help="the whole scrollable page, not just 1400x900")
    parser.add_argument("--wait", type=float, default=4.0, help="seconds to wait after load and after each click")
    parser.add_argument("--click", action="append", default=[], metavar="TEXT", help="click this text first")
    parser.add_argument("--browser", default="/usr/bin/chromium", help="Chromium executable")
    args = parser.parse_args(argv)
    screenshot(args.url, args.output, browser_path=args.browser, full_page=args.full_page, wait_s=args.wait,
               clicks=args.click)
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
