"""A person at their own browser: logs in through the form, clicks, types, and looks at each screen.

Every screen they reach is photographed; on the phone each one is also checked for sideways
overflow, and any error answer (4xx/5xx) from the server fails the test at once.
"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

from tests.personas import PASSWORD

PHONE_WIDTH = 375

# Measured against the phone's width, not window.innerWidth: a mobile browser zooms out to fit a
# too-wide page, and innerWidth then grows with it. Culprits name what sticks out.
_OVERFLOW_JS = """(w) => {
  const doc = document.documentElement;
  const culprits = [];
  if (doc.scrollWidth > w + 1 || window.innerWidth > w) {
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width && r.right > w + 1) {
        culprits.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
          + ' right=' + Math.round(r.right));
        if (culprits.length >= 5) break;
      }
    }
  }
  // Content pushed out of sight inside a scrolling box (a table) counts too; the process chart
  // and a statistics breakdown (names pinned) may scroll by design; screen-reader-only labels and
  // a phone card list's headings row are clipped on purpose; fields scroll text.
  const hidden = [...document.querySelectorAll('body *')].filter(el =>
    el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'
    && !el.closest('.sr-only, .chart, table.stack thead')
    && !el.matches('input, select, textarea, table.breakdown')
  ).map(el => el.tagName.toLowerCase() + '.' + el.className + ' ' + el.scrollWidth + '/'
    + el.clientWidth);
  return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, culprits: culprits,
          hidden: hidden};
}"""


class Person:
    def __init__(self, page: Page, base_url: str, shot: Callable, viewport: str, who: str):
        self.page, self.base_url, self._shot = page, base_url, shot
        self.viewport, self.who = viewport, who
        self.errors: list[str] = []
        page.on("response", self._on_response)

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.errors.append(f"{response.status} {response.request.method} {response.url}")

    # --- looking -------------------------------------------------------------------------
    def screen(self, name: str) -> None:
        """Photograph the screen now shown; on the phone, nothing may stick out sideways."""
        self.page.wait_for_load_state("load")
        assert not self.errors, f"{self.who}: the server answered with an error: {self.errors}"
        self._shot(self.page, f"{self.who}-{name}")
        if self.viewport == "phone":
            box = self.page.evaluate(_OVERFLOW_JS, PHONE_WIDTH)
            fits = box["innerWidth"] == PHONE_WIDTH and box["scrollWidth"] <= PHONE_WIDTH + 1
            assert fits, f"{self.who}-{name} overflows sideways on the phone: {box}"
            assert not box["hidden"], f"{self.who}-{name} hides content sideways: {box}"

    def testid(self, testid: str) -> Locator:
        return self.page.get_by_test_id(testid)

    def expect_badge(self) -> int:
        """The unread-notification badge in the top bar shows a positive number."""
        badge = self.testid("unread-badge")
        expect(badge).to_be_visible()
        count = int(badge.inner_text().strip())
        assert count > 0
        return count

    # --- acting --------------------------------------------------------------------------
    def login(self, username: str) -> None:
        self.page.goto(self.base_url + "/accounts/login/")
        self.screen("login")
        self.page.locator("input[name=username]").fill(username)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.go(self.testid("login-submit"), "home")

    def go(self, target: Locator | str, name: str) -> None:
        """Click a link or button that leads to a new page, wait for it, photograph it."""
        locator = self.testid(target) if isinstance(target, str) else target
        with self.page.expect_navigation():
            locator.first.click()
        self.screen(name)

    def open_item(self, list_testid: str, item_testid: str, title: str, name: str) -> None:
        """Click the item with this title in a list."""
        item = self.testid(list_testid).get_by_test_id(item_testid).filter(has_text=title)
        self.go(item.locator("a.item-title"), name)

    def check_radio(self, name: str, value: str) -> None:
        self.page.locator(f"input[name={name}][value={value}]").check()

    def fill(self, name: str, value: str) -> None:
        self.page.locator(f"[name={name}]").fill(value)
