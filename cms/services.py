"""State changes of the website outside Wagtail's own editing screens."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .models import HomePage, NetworkHomePage
from .models.contact import HONEYPOT_FIELD
from .tasks import send_contact_submission


def contact_submission_create(*, page, form):
    """Store a message sent through ``page`` (a ContactPage) and have it mailed to the team.

    The form is valid and not a bot's (the page checked both). The mail goes
    out through a task enqueued in the same transaction: no mail for a
    message that was not stored, and no request waiting for a mail server.
    """
    data = {name: value for name, value in form.cleaned_data.items() if name != HONEYPOT_FIELD}
    with transaction.atomic():
        submission = page.get_submission_class().objects.create(form_data=data, page=page)
        send_contact_submission.enqueue(submission_id=submission.pk)
    return submission


def buurtpunt_site_create(buurtpunt) -> Site:
    """The Site and home page of a new buurtpunt (in its schema, a copy of the template):
    Wagtail's placeholder pages go, a home page named after the buurtpunt comes."""
    Site.objects.all().delete()
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    root.refresh_from_db()
    with translation.override(settings.LANGUAGE_CODE):
        intro = format_html("<p>{}</p>", _("Welcome to %(name)s.") % {"name": buurtpunt.name})
    home = root.add_child(instance=HomePage(title=buurtpunt.name, slug="home", intro=intro))
    return Site.objects.create(
        hostname=buurtpunt.primary_domain,
        port=settings.SITE_PORT,
        site_name=buurtpunt.name,
        root_page=home,
        is_default_site=True,
    )


def network_site_ensure(network) -> Site:
    """The network's own home page and Site on its domain (public schema); idempotent."""
    home = NetworkHomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        for page in root.get_children():
            if page.specific_class is Page:  # Wagtail's placeholder "welcome" page
                page.delete()
        root.refresh_from_db()
        home = root.add_child(instance=NetworkHomePage(title=network.name, slug="netwerk"))
    Site.objects.exclude(root_page=home).delete()
    site, _created = Site.objects.update_or_create(
        root_page=home,
        defaults={
            "hostname": network.primary_domain,
            "port": settings.SITE_PORT,
            "site_name": network.name,
            "is_default_site": True,
        },
    )
    Site.clear_site_root_paths_cache()
    return site
