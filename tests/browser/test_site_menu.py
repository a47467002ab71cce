"""The main menu and the keyboard in a real browser, on a phone and on a desktop."""

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def test_menu_button_on_a_phone(live_server_url, browser):
    page = browser.new_page(viewport=PHONE)
    page.goto(f"http://alfa.localhost:{live_server_url}/")
    toggle, menu = page.locator(".nav-toggle"), page.locator("#site-nav-list")
    assert toggle.is_visible() and not menu.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert menu.is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.className") == "nav-toggle"


def test_menu_is_open_on_a_desktop_and_without_javascript(live_server_url, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"http://bravo.localhost:{live_server_url}/")
    assert not page.locator(".nav-toggle").is_visible()
    assert page.locator("#site-nav-list").is_visible()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    no_js = context.new_page()
    no_js.goto(f"http://bravo.localhost:{live_server_url}/")
    assert no_js.locator("#site-nav-list").is_visible()
    assert not no_js.locator(".nav-toggle").is_visible()
    context.close()


def test_skip_link_comes_first_and_focus_is_visible(live_server_url, browser):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"http://alfa.localhost:{live_server_url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.className, s.outlineStyle, s.outlineWidth, e.getBoundingClientRect().top]; })()"
    )
    assert focused[0] == "skip-link"
    assert focused[1] == "solid" and focused[2] == "3px"
    assert focused[3] >= 0  # moved into view
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
