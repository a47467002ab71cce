"""The member portal: a resident logs in by an e-mail link and sees and keeps their own data.

Thin views: each checks who is logged in (a person, through their portal
account), validates a form and calls one service. Every response is private.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from sesame.utils import get_user

from core import throttle
from core.errors import ServiceError
from core.tenancy import current_buurtpunt

from .links import email_change_from_token, portal_scope, signup_page
from .models import Consent, CooperativeSettings, Person
from .portal import person_entries, person_for_user, person_holdings, person_requests
from .portal_forms import LoginLinkForm, PersonForm
from .privacy import person_export
from .services import (
    consent_set,
    email_change_confirm,
    email_change_request,
    person_update,
    portal_link_request,
)

# Login-link requests of one client per buurtpunt in a window of seconds.
LINKS_PER_WINDOW = 5
WINDOW_SECONDS = 15 * 60


def _render(request, template, **context):
    context.setdefault("signup_page", signup_page())
    response = TemplateResponse(request, f"members/portal/{template}", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _person_or_none(request) -> Person | None:
    return person_for_user(request.user)


@never_cache
def portal(request):
    person = _person_or_none(request)
    if person is None:
        return _login_form(request)
    return _render(
        request,
        "overview.html",
        page_title=_("My membership"),
        person=person,
        holdings=person_holdings(person),
        entries=person_entries(person),
        requests=person_requests(person),
        newsletter=person.consents.filter(
            purpose=Consent.Purpose.NEWSLETTER, withdrawn_at__isnull=True
        ).exists(),
    )


def _login_form(request):
    form = LoginLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        over = throttle.hit(
            scope="portal-link",
            client=throttle.client_ip(request),
            limit=LINKS_PER_WINDOW,
            window=WINDOW_SECONDS,
        )
        if not over:
            portal_link_request(email=form.cleaned_data["email"])
        # The same answer whether the address is known or not.
        return _render(
            request,
            "link_sent.html",
            page_title=_("Check your mailbox"),
            email=form.cleaned_data["email"],
        )
    return _render(request, "login.html", page_title=_("Log in"), form=form)


@never_cache
def portal_login(request):
    user = get_user(request, scope=portal_scope())
    if user is None or person_for_user(user) is None:
        return _render(
            request,
            "login.html",
            page_title=_("Log in"),
            form=LoginLinkForm(),
            link_invalid=True,
        )
    login(request, user, backend="sesame.backends.ModelBackend")
    return redirect("members:portal")


@require_POST
def portal_logout(request):
    logout(request)
    return redirect("members:portal")


@never_cache
def portal_edit(request):
    person = _person_or_none(request)
    if person is None:
        return redirect("members:portal")
    newsletter = person.consents.filter(
        purpose=Consent.Purpose.NEWSLETTER, withdrawn_at__isnull=True
    ).exists()
    initial = {
        name: getattr(person, name)
        for name in ("street", "postcode", "city", "country", "phone", "language", "iban", "email")
    }
    initial["newsletter"] = newsletter
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_update(person=person, data=data, actor=request.user)
            consent_set(
                person=person,
                purpose=Consent.Purpose.NEWSLETTER,
                given=data["newsletter"],
                actor=request.user,
                source="portal",
            )
            if data["email"].lower() != (person.email or "").lower():
                email_change_request(person=person, new_email=data["email"])
                messages.info(
                    request,
                    _("We sent a link to %(email)s: your address changes once you follow it.")
                    % {"email": data["email"]},
                )
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Your details were saved."))
            return redirect("members:portal")
    return _render(request, "edit.html", page_title=_("My details"), person=person, form=form)


@never_cache
def portal_certificate(request):
    person = _person_or_none(request)
    if person is None:
        return redirect("members:portal")
    buurtpunt = current_buurtpunt()
    return _render(
        request,
        "certificate.html",
        page_title=_("Share certificate"),
        person=person,
        holdings=person_holdings(person),
        entries=person_entries(person),
        buurtpunt=buurtpunt,
        cooperative=CooperativeSettings.for_request(request),
        today=timezone.localdate(),
    )


@never_cache
def portal_export(request):
    person = _person_or_none(request)
    if person is None:
        return redirect("members:portal")
    body = json.dumps(person_export(person), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def portal_email_confirm(request, token):
    found = email_change_from_token(token)
    person = Person.objects.filter(pk=found[0], erased_at__isnull=True).first() if found else None
    if person is None:
        messages.error(request, _("This link no longer works. Change your address again."))
        return redirect("members:portal")
    email_change_confirm(person=person, new_email=found[1])
    messages.success(request, _("Your new e-mail address is confirmed."))
    return redirect("members:portal")
