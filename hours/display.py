"""How an opening-hours status reads on a page and in JSON, in the active language.

One translated sentence per situation, with the moment as a ``<time>`` element
in HTML (never translated fragments glued together).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import formats
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import rules


def _message(status: rules.Status) -> tuple[str, datetime | None]:
    """The sentence (with placeholders) for a status, and the moment it names."""
    if status.is_open:
        moment = status.closes_at
        messages = {
            "today": _("Open now · closes at %(time)s"),
            "tomorrow": _("Open now · closes tomorrow at %(time)s"),
            "weekday": _("Open now · closes on %(day)s at %(time)s"),
            "date": _("Open now · closes on %(date)s at %(time)s"),
        }
    else:
        moment = status.opens_at
        messages = {
            "today": _("Closed · opens today at %(time)s"),
            "tomorrow": _("Closed · opens tomorrow at %(time)s"),
            "weekday": _("Closed · opens on %(day)s at %(time)s"),
            "date": _("Closed · opens again on %(date)s at %(time)s"),
        }
    if moment is None:
        return _("Closed"), None
    return messages[rules.relative_day(moment, status.now)], moment


def _parts(moment: datetime) -> dict[str, str]:
    return {
        "time": rules.format_time(moment.time()),
        "day": formats.date_format(moment, "l"),
        "date": formats.date_format(moment, "j F"),
    }


def status_text(status: rules.Status) -> str:
    """E.g. "Open now · closes at 17:30" (in the active language)."""
    message, moment = _message(status)
    return message % _parts(moment) if moment is not None else message


def status_html(status: rules.Status) -> SafeString:
    """The same sentence, with the moment in a machine-readable ``<time>`` element."""
    message, moment = _message(status)
    if moment is None:
        return escape(message)
    parts = {key: escape(value) for key, value in _parts(moment).items()}
    parts["time"] = format_html(
        '<time datetime="{}">{}</time>', moment.isoformat(), rules.format_time(moment.time())
    )
    return mark_safe(escape(message) % parts)  # noqa: S308 - every part is escaped above


def status_payload(status: rules.Status | None) -> dict:
    """The status as JSON (``/openingsuren.json`` and the badge's refresh)."""
    if status is None:
        return {"known": False, "open": None, "text": "", "html": "", "reason": ""}
    changes_at = status.changes_at
    return {
        "known": True,
        "open": status.is_open,
        "text": status_text(status),
        "html": str(status_html(status)),
        "reason": status.reason,
        "closes_at": status.closes_at.isoformat() if status.closes_at else None,
        "opens_at": status.opens_at.isoformat() if status.opens_at else None,
        "changes_at": changes_at.isoformat() if changes_at else None,
        "computed_at": status.now.isoformat(),
    }
