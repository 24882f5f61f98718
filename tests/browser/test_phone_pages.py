"""Each role's main pages on a phone (390 × 844, Chinese), filled with the demo district's data as
`make run` shows it: nothing wider than the screen, no English or stored value left on a Chinese
page, every control and stand-alone link big enough for a finger, and a refused form's error on
the first screen after the page comes back.

Every page is photographed under test-artifacts/screens/phone-390/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page

from disclosure import services as disclosure
from disclosure.models import Publication
from followup.models import Survey
from suggestions.management.commands.seed_demo import DEMO_PASSWORD
from suggestions.models import Assignment, Event, Suggestion, User
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844
# The design asks 40 px; two below it absorbs how fonts round a line's height.
MIN_TAP = 38

# What stays Latin on a Chinese page on purpose: file formats and the result classes' letters.
ALLOWED_LATIN = {"CSV", "JSON", "Excel", "docx", "PDF"}

_LOOK_JS = """([width, minTap]) => {
  const doc = document.documentElement;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  // Screen-reader-only text and a phone card list's headings row are clipped on purpose.
  const clipped = el => !!el.closest('.sr-only, table.stack thead');
  const out = {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, wide: [], hidden: [],
               small: [], text: [], unlabelled: []};
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || clipped(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && out.wide.length < 5) out.wide.push(name(el) + ' right=' + Math.round(r.right));
    // Content pushed out of sight inside a box that scrolls sideways; a statistics breakdown
    // scrolls on purpose with its names pinned, the process chart may, fields scroll their text.
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible'
        && !el.matches('input, select, textarea, table.breakdown') && !el.closest('.chart'))
      out.hidden.push(name(el) + ' ' + el.scrollWidth + '/' + el.clientWidth);
  }
  for (const el of document.querySelectorAll('a[href], button, select, textarea, input:not([type=hidden])')) {
    if (!shown(el) || clipped(el) || el.matches('.skip')) continue;
    // A link inside running text is read, not aimed at.
    if (el.matches('a') && !el.matches('.button') && el.closest('p, dd, .prose, .meta')) continue;
    let box = el.getBoundingClientRect();
    // A choice is tapped on its label; a picture link on its picture.
    if (el.matches('input[type=radio], input[type=checkbox]') && el.labels.length) box = el.labels[0].getBoundingClientRect();
    if (el.matches('a') && el.querySelector('img')) box = el.querySelector('img').getBoundingClientRect();
    if (box.height < minTap || box.width < 24)
      out.small.push(name(el) + ' "' + (el.innerText || el.value || '').trim().slice(0, 16) + '" '
        + Math.round(box.width) + 'x' + Math.round(box.height));
    if (el.matches('input, select, textarea') && !el.labels.length && !el.getAttribute('aria-label'))
      out.unlabelled.push(name(el) + ' name=' + el.name);
  }
  // A table squeezed into the phone breaks its words one character per line.
  out.squeezed = [];
  const cells = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = cells.nextNode(); node; node = cells.nextNode()) {
    const cell = node.parentElement && node.parentElement.closest('td, th');
    const chars = node.textContent.trim().length;
    if (!cell || chars < 3 || !shown(cell) || clipped(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    if (lines >= 3 && chars / lines < 1.5) out.squeezed.push(node.textContent.trim().slice(0, 12) + ' (' + lines + ' lines)');
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, option, [lang]:not(html)') || !shown(parent) || clipped(parent)) continue;
    const text = node.textContent.trim();
    if (text) out.text.push(text);
  }
  return out;
}"""


@dataclass
class Visit:
    who: str
    path: str
    # Checks left out on this page, and why.
    skip: tuple[str, ...] = ()


def _latin_leftovers(texts: list[str], usernames: set[str]) -> list[str]:
    """Words of two or more Latin letters that are neither a file format nor a login name."""
    found = []
    for text in texts:
        words = set(re.findall(r"[A-Za-z][A-Za-z_]+", text)) - ALLOWED_LATIN - usernames
        if words:
            found.append(text[:80])
    return found


@pytest.fixture
def district(db):
    """The demo district of `make run`, with its closed and replied suggestions published."""
    call_command("seed_demo", verbosity=0)
    call_command("seed_followup_demo", verbosity=0)
    staff = User.objects.get(username="staff")
    for suggestion in Suggestion.objects.filter(status__in=["closed", "rated", "replied"]):
        if suggestion.publication_consent == "none":
            continue
        copy = disclosure.publication_prepare(user=staff, suggestion=suggestion)
        disclosure.publication_publish(user=staff, publication=copy)


@pytest.fixture
def phone(live_server, browser: Browser):
    contexts = []

    def open_as(username: str | None, locale: str = "zh-CN") -> Page:
        context = browser.new_context(
            viewport={"width": WIDTH, "height": HEIGHT},
            locale=locale,
            is_mobile=True,
            has_touch=True,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            page.goto(live_server.url + "/accounts/login/")
            page.locator("input[name=username]").fill(username)
            page.locator("input[name=password]").fill(DEMO_PASSWORD)
            with page.expect_navigation():
                page.get_by_test_id("login-submit").click()
        return page

    yield open_as
    for context in contexts:
        context.close()


def _main_pages() -> list[Visit]:
    """The pages each role lives on, with real objects of the demo district in them."""
    # The public page is addressed by the publication's id, not the suggestion's.
    published = Publication.objects.filter(state="published").order_by("pk").first()
    rateable = (
        Suggestion.objects.filter(status="replied", lead_deputy__user__isnull=False)
        .select_related("lead_deputy__user")
        .order_by("pk")
        .first()
    )
    handling = (
        Assignment.objects.filter(status="signed", role="lead")
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    key_listed = Event.objects.filter(verb="key_listed").order_by("pk").first().suggestion_id
    rated = Event.objects.filter(verb="rated").order_by("pk").first()
    unit_user = handling.unit.code.lower()
    rater = rateable.lead_deputy.user.username
    return [
        Visit("", "/public/suggestions/"),
        Visit("", f"/public/suggestions/{published.pk}/"),
        Visit("", "/public/statistics/"),
        Visit("", "/followup/key/public/"),
        Visit("", "/public/deputies/"),
        Visit("deputy01", "/deputy/"),
        Visit("deputy01", "/suggestions/new/"),
        Visit("deputy01", "/notifications/"),
        Visit("deputy01", "/followup/promises/"),
        Visit(rater, f"/suggestions/{rateable.pk}/"),
        Visit(rater, f"/suggestions/{rateable.pk}/rate/"),
        Visit(rated.actor.username, f"/suggestions/{rated.suggestion_id}/"),
        Visit(unit_user, "/unit/"),
        Visit(unit_user, f"/assignments/{handling.pk}/"),
        Visit(unit_user, f"/assignments/{handling.pk}/reply/"),
        Visit(unit_user, "/notifications/"),
        Visit("staff", "/staff/"),
        Visit("staff", "/staff/queue/review/"),
        Visit("staff", "/staff/suggestions/"),
        Visit("staff", f"/suggestions/{_first('submitted')}/review/"),
        Visit("staff", f"/suggestions/{_first('accepted')}/assign/"),
        Visit("staff", f"/suggestions/{key_listed}/"),
        Visit("staff", "/followup/key/"),
        Visit("staff", "/followup/satisfaction/"),
        Visit("staff", "/disclosure/statistics/"),
        Visit("staff", "/notifications/"),
        Visit("leader", "/leader/"),
        Visit("leader", "/followup/key/mine/"),
        Visit("leader", "/notifications/"),
    ]


def _first(status: str) -> int:
    return Suggestion.objects.filter(status=status).order_by("pk").values_list("pk", flat=True)[0]


def test_main_pages_of_every_role_fit_a_phone_and_speak_chinese(district, phone, live_server):
    usernames = set(User.objects.values_list("username", flat=True))
    pages: dict[str, Page] = {}
    problems: list[str] = []
    for n, visit in enumerate(_main_pages(), start=1):
        if visit.who not in pages:
            pages[visit.who] = phone(visit.who or None)
        page = pages[visit.who]
        response = page.goto(live_server.url + visit.path)
        where = f"{visit.who or 'public'} {visit.path}"
        assert response.status == 200, f"{where}: {response.status}"
        page.screenshot(path=str(_shot(n, visit)), full_page=True)
        look = page.evaluate(_LOOK_JS, [WIDTH, MIN_TAP])
        if look["scrollWidth"] > WIDTH or look["innerWidth"] != WIDTH:
            problems.append(f"{where} is wider than the phone: {look['wide']}")
        for kind, what in (
            ("hidden", "hides content sideways"),
            ("small", "has targets too small to tap"),
            ("unlabelled", "has fields without a label"),
            ("squeezed", "squeezes table cells to a character a line"),
        ):
            if look[kind] and kind not in visit.skip:
                problems.append(f"{where} {what}: {look[kind][:6]}")
        leftovers = _latin_leftovers(look["text"], usernames)
        if leftovers:
            problems.append(f"{where} shows English or stored values: {leftovers[:6]}")
    assert not problems, "\n".join(problems)


def test_wide_tables_fit_a_phone_in_english_too(district, phone, live_server):
    # English headings are longer than Chinese ones: these tables ran up to 139 px past the screen.
    survey = Survey.objects.order_by("pk").first()
    problems = []
    for who, path in (
        ("staff", "/followup/satisfaction/"),
        ("staff", "/staff/suggestions/"),
        ("staff", "/disclosure/statistics/"),
        ("jtj", f"/followup/surveys/{survey.pk}/results/"),
    ):
        page = phone(who, locale="en-US")
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{who} {path}: {response.status}"
        look = page.evaluate(_LOOK_JS, [WIDTH, MIN_TAP])
        if look["scrollWidth"] > WIDTH:
            problems.append(f"{who} {path} is wider than the phone: {look['wide']}")
    assert not problems, "\n".join(problems)


def test_a_refused_form_shows_its_error_on_the_first_screen(district, phone, live_server):
    staff = phone("staff")
    submitted, accepted = _first("submitted"), _first("accepted")
    for path, submit, error in (
        (f"/suggestions/{submitted}/review/", "merge-submit", "error-merge-into"),
        (f"/suggestions/{accepted}/assign/", "assign-submit", "error-lead_unit"),
    ):
        staff.goto(live_server.url + path)
        with staff.expect_navigation():
            staff.get_by_test_id(submit).click()
        staff.wait_for_function("document.readyState === 'complete'")
        box = staff.get_by_test_id(error).bounding_box()  # relative to the screen shown
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, (
            f"{path}: the error is at {box}, off the first screen"
        )
        assert Suggestion.objects.get(pk=int(path.split("/")[2])).status in (
            "submitted",
            "accepted",
        )


def _shot(n: int, visit: Visit):
    slug = re.sub(r"[^a-z0-9]+", "-", visit.path.lower()).strip("-") or "home"
    path = ARTIFACTS / "phone-390" / f"{n:03d}-{visit.who or 'public'}-{slug}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# The top bar's link rows on a phone: every shown link, "More" and the badge on one line.
_BAR_ROWS_JS = """() => {
  const nav = document.querySelector('[data-testid=nav]');
  const items = [...nav.children].filter(el => el.getClientRects().length);
  return new Set(items.map(el => Math.round(el.getBoundingClientRect().top / 8))).size;
}"""

# What the "More" menu shows when open: each link's text, box and whether it is on the screen.
_MENU_JS = """([width, height]) => [...document.querySelectorAll('.more-links a')].map(a => {
  const r = a.getBoundingClientRect();
  return {text: a.innerText.trim(), testid: a.dataset.testid,
          onScreen: r.width > 0 && r.left >= 0 && r.right <= width && r.bottom <= height};
})"""


def test_each_roles_top_bar_is_one_row_and_more_opens_the_other_links(district, phone, live_server):
    unit_user = (
        Assignment.objects.filter(status="signed", role="lead")
        .select_related("unit")
        .order_by("pk")
        .first()
        .unit.code.lower()
    )
    menus = {
        "staff": ("nav-all", "nav-publication", "nav-satisfaction", "nav-statistics"),
        "leader": ("nav-key-mine", "nav-key", "nav-statistics"),
        "deputy01": ("nav-invitations", "nav-supervision-invitations", "nav-surveys"),
        unit_user: ("nav-promises", "nav-surveys"),
    }
    for who, expected in menus.items():
        page = phone(who)
        page.goto(live_server.url + "/notifications/")
        look = page.evaluate(_LOOK_JS, [WIDTH, MIN_TAP])
        assert look["scrollWidth"] <= WIDTH, f"{who}: the page is wider than the phone"
        assert page.evaluate(_BAR_ROWS_JS) == 1, f"{who}: the top bar's links wrap"
        assert page.get_by_test_id("nav-notifications").get_attribute("aria-current") == "page"
        # Opened from the keyboard: "More" is a <details>, no script needed.
        page.get_by_test_id("nav-more-toggle").focus()
        page.keyboard.press("Enter")
        shown = page.evaluate(_MENU_JS, [WIDTH, HEIGHT])
        assert {link["testid"] for link in shown} >= set(expected), f"{who}: {shown}"
        assert all(link["onScreen"] and link["text"] for link in shown), f"{who}: {shown}"
        page.screenshot(path=str(ARTIFACTS / "phone-390" / f"menu-{who}.png"))
        look = page.evaluate(_LOOK_JS, [WIDTH, MIN_TAP])
        assert look["scrollWidth"] <= WIDTH and not look["small"], f"{who}: {look['small']}"
        page.keyboard.press("Escape")
        assert not page.locator(".more-links a").first.is_visible(), f"{who}: still open"


def test_a_page_behind_more_is_marked_current_in_the_menu(district, phone, live_server):
    staff = phone("staff")
    staff.goto(live_server.url + "/staff/")
    assert staff.get_by_test_id("nav-dashboard").get_attribute("aria-current") == "page"
    staff.get_by_test_id("nav-more-toggle").click()
    with staff.expect_navigation():
        staff.get_by_test_id("nav-statistics").click()
    assert staff.get_by_test_id("nav-statistics").get_attribute("aria-current") == "page"
    assert staff.get_by_test_id("nav-dashboard").get_attribute("aria-current") is None
    assert staff.locator("[data-testid=nav] [aria-current]").count() == 1


# Every text in the process chart's card as drawn: its size in px and whether it fits the screen.
_CHART_TEXT_JS = """(width) => {
  const card = document.querySelector('[data-testid=chart]');
  const out = [];
  const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    out.push({text: node.textContent.trim(), px: parseFloat(getComputedStyle(el).fontSize),
              fits: r.left >= 0 && r.right <= width});
  }
  const img = card.querySelector('img');
  return {texts: out, imageWidth: img && img.getClientRects().length ? img.getBoundingClientRect().width : 0};
}"""


def test_the_process_chart_reads_without_zooming_on_a_phone(district, phone, live_server):
    handling = Suggestion.objects.filter(status="handling").order_by("pk").first()
    staff = phone("staff")
    staff.goto(live_server.url + f"/suggestions/{handling.pk}/")
    staff.get_by_test_id("chart").scroll_into_view_if_needed()
    staff.get_by_test_id("chart").screenshot(path=str(ARTIFACTS / "phone-390" / "chart.png"))
    look = staff.evaluate(_LOOK_JS, [WIDTH, MIN_TAP])
    assert look["scrollWidth"] <= WIDTH, look["wide"]
    chart = staff.evaluate(_CHART_TEXT_JS, WIDTH)
    assert [t for t in chart["texts"] if t["px"] < 12 or not t["fits"]] == []
    # A drawing shown in the card counts at the size its labels are drawn at.
    if chart["imageWidth"]:
        svg = staff.request.get(live_server.url + f"/suggestions/{handling.pk}/chart.svg").text()
        drawn = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+)', svg).group(1))
        smallest = min(float(px) for px in re.findall(r'<text[^>]*font-size="([\d.]+)px', svg))
        assert smallest * chart["imageWidth"] / drawn >= 12, (
            f"the drawing's labels are {smallest * chart['imageWidth'] / drawn:.1f} px"
        )
    # Every stage is there by name, the one the suggestion is at marked as the current step.
    texts = " ".join(t["text"] for t in chart["texts"])
    for stage in ("起草（代表）", "办理（承办单位）", "评价（代表）", "已办结"):
        assert stage in texts
    current = staff.locator("[data-testid=chart] [aria-current=step]")
    assert current.count() == 1 and "办理（承办单位）" in current.inner_text()


def test_a_refused_follow_up_form_shows_the_message_beside_its_field_on_screen(
    district, phone, live_server
):
    from followup.models import Activity, KeyItem

    item = KeyItem.objects.filter(status="listed").order_by("pk").first()
    staff = phone("staff")
    staff.goto(live_server.url + f"/followup/key/{item.pk}/")
    form = staff.locator(f"form[action$='/followup/key/{item.pk}/activity/']")
    form.evaluate("f => { f.noValidate = true; }")  # the browser would refuse first
    form.locator("input[name=place]").fill("东城小学门口")
    with staff.expect_navigation():
        form.locator("button").click()
    staff.wait_for_function("document.readyState === 'complete'")
    error = staff.get_by_test_id("error-date")
    field = staff.get_by_test_id("field-date")
    assert field.locator("[data-testid=error-date]").count() == 1  # in the date's own block
    box, input_box = error.bounding_box(), field.locator("input").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT, (
        f"the error is at {box}, off the first screen"
    )
    assert 0 <= input_box["y"] < box["y"] < input_box["y"] + input_box["height"] + 80
    staff.screenshot(path=str(ARTIFACTS / "phone-390" / "followup-error.png"))
    assert not Activity.objects.filter(item=item, place="东城小学门口").exists()
