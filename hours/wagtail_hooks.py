"""How the opening hours join every site page: the badge in the header, the
stylesheet and the schema.org data in the head."""

from wagtail import hooks

from core import hooks as platform


@hooks.register(platform.REGISTER_PAGE_INCLUDES)
def page_includes():
    return [("head", "hours/head.html"), ("header", "hours/header.html")]
