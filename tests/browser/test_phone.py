"""A phone (390x844): nothing scrolls sideways, charts fit, the navigation drawer works."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_checks import describe, run_axe
from browser_support import PAGES, wait_for_charts
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 390, 844

# Elements reaching past the right edge that are not inside something that
# scrolls or clips them sideways (Material wraps tables in .md-typeset__scrollwrap).
OVERFLOWING = """(width) => {
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden' || x === 'clip') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map(c => '.' + c).join('');
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement)
      parts.unshift(name(e));
    return parts.join(' > ');
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1 && !clipped(el))
      out.push(`${path(el)} (right edge ${Math.round(r.right)}px)`);
    if (out.length >= 15) break;
  }
  return out;
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="light",
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", ["home", "force", "drug", "welsh-force"])
def test_no_sideways_scroll_and_charts_fit(phone, base_url, kind):
    phone.goto(base_url + PAGES[kind])
    wait_for_charts(phone)
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    if scroll_width > WIDTH:
        offenders = phone.evaluate(OVERFLOWING, WIDTH)
        pytest.fail(
            f"{PAGES[kind]} scrolls sideways on a {WIDTH}px phone: scrollWidth {scroll_width}.\n"
            "Elements past the right edge:\n  " + "\n  ".join(offenders)
        )

    too_wide = []
    for svg in phone.locator("figure.chart svg").all():
        box = svg.bounding_box()
        if box is None or not svg.is_visible():
            continue
        if box["x"] < -0.5 or box["x"] + box["width"] > WIDTH + 0.5:
            too_wide.append(f"x={box['x']:.0f} width={box['width']:.0f}")
    assert not too_wide, f"chart svgs wider than {WIDTH}px on {PAGES[kind]}: {too_wide}"


@pytest.mark.parametrize("kind", ["home", "force", "drug"])
def test_navigation_drawer_opens_and_a_link_works(phone, base_url, kind):
    phone.goto(base_url + PAGES[kind])
    phone.locator('label.md-header__button[for="__drawer"]').click()
    expect(phone.locator("#__drawer")).to_be_checked()
    drawer = phone.locator(".md-sidebar--primary")
    # The drawer slides in from the left: wait until it sits inside the viewport.
    phone.wait_for_function(
        """() => {
             const r = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
             return r.left >= -1 && r.right <= window.innerWidth + 1 && r.width > 0;
           }"""
    )
    expect(drawer).to_be_visible()

    # The drawer shows the open section as a panel over the top level, so pick a
    # link that a tap at its centre really reaches.
    href = phone.evaluate(
        """() => {
             const here = location.pathname;
             const links = document.querySelectorAll('.md-sidebar--primary a.md-nav__link[href]');
             for (const a of links) {
               const r = a.getBoundingClientRect();
               if (!r.width || !r.height || r.bottom < 0 || r.top > innerHeight) continue;
               const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
               const url = new URL(a.href);
               if (hit && a.contains(hit) && url.origin === location.origin
                   && url.pathname !== here) return a.getAttribute('href');
             }
             return null;
           }"""
    )
    assert href, f"no reachable link to another page in the open drawer on {phone.url}"
    link = drawer.locator(f'a.md-nav__link[href="{href}"]').first
    path = urlsplit(link.evaluate("a => a.href")).path
    link.click()
    phone.wait_for_url(lambda url: urlsplit(url).path == path)
    expect(phone.locator("article h1")).to_be_visible()


# The first cell of a table's second body row, and of the same row's second column.
STICKY_PROBE = """(table) => {
  const row = table.querySelectorAll('tbody tr')[1];
  const [first, second] = row.children;
  const box = first.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + 4, box.top + box.height / 2);
  return { first: box.left, second: second.getBoundingClientRect().left,
           onTop: first.contains(hit), scroll: table.scrollLeft,
           room: table.scrollWidth - table.clientWidth };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_wide_tables_first_column_stays_while_it_scrolls_sideways(browser, base_url, scheme):
    """Sussex's figures table is wider than a phone: scrolled to its last columns, each row
    still shows which drug it is about, over the cells that pass under it, legibly."""
    # The sticky column is CSS alone; scripts run only for axe (injected, so past the CSP).
    context = browser.new_context(
        viewport={"width": 360, "height": 800}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    page.goto(base_url + PAGES["force"])
    table = page.locator("#figures ~ .table-block table").first
    table.scroll_into_view_if_needed()
    before = table.evaluate(STICKY_PROBE)
    assert before["room"] > 100, before  # it does scroll sideways at this width
    table.evaluate("t => { t.scrollLeft = t.scrollWidth; }")
    after = table.evaluate(STICKY_PROBE)
    assert after["scroll"] > 100, after
    assert after["first"] == pytest.approx(before["first"], abs=0.5), (before, after)
    assert after["second"] < before["second"] - 100, (before, after)
    assert after["onTop"], "a scrolled cell covers the drug's name"
    contrast = [v for v in run_axe(page) if v["id"] == "color-contrast"]
    assert not contrast, describe(contrast)
    context.close()
