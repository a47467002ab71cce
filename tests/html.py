"""Reading rendered HTML in tests: tags with their attributes, in document order."""

from __future__ import annotations

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def tags(html: str, tag_name: str | None = None, /, **attrs) -> list[dict[str, str]]:
    """Attributes of every ``tag_name`` tag (any tag when None) whose attributes include ``attrs``
    (underscores in keys stand for hyphens: ``aria_label`` is ``aria-label``)."""
    collector = _Collector()
    collector.feed(html)
    wanted = {key.replace("_", "-"): value for key, value in attrs.items()}
    return [
        found
        for tag, found in collector.tags
        if (tag_name is None or tag == tag_name)
        and all(found.get(key) == value for key, value in wanted.items())
    ]


def meta_property(html: str, prop: str) -> str | None:
    found = tags(html, "meta", property=prop)
    return found[0]["content"] if found else None
