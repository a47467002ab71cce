"""A person's privacy in the board's admin: download all their data, or erase it.

Erasure is final and keeps what the registers must keep (see
``members.services.privacy``); the page says exactly what stays and what goes
before the board confirms.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail import hooks

from core.errors import ServiceError
from core.tenancy import on_network_site

from ..models import Person
from ..privacy import person_export
from ..services import person_erase
from ..services.privacy import in_a_register


def _person(request, pk) -> Person:
    if on_network_site() or not request.user.has_perm("members.change_person"):
        raise PermissionDenied
    return get_object_or_404(Person, pk=pk)


def person_privacy(request, pk):
    person = _person(request, pk)
    if request.method == "POST":
        try:
            person_erase(person=person, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The personal data of %(name)s were erased.") % {"name": person.name}
            )
        return redirect("members_person_privacy", pk=person.pk)
    return TemplateResponse(
        request,
        "members/admin/privacy.html",
        {
            "person": person,
            "keeps_identity": in_a_register(person),
            "export_url": reverse("members_person_export", args=[person.pk]),
            "header_title": _("Privacy: %(name)s") % {"name": person.name},
        },
    )


def person_data_export(request, pk):
    person = _person(request, pk)
    body = json.dumps(person_export(person), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = slugify(person.name) or f"persoon-{person.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    return response


@hooks.register("register_admin_urls")
def privacy_urls():
    return [
        path("members/people/<int:pk>/privacy/", person_privacy, name="members_person_privacy"),
        path("members/people/<int:pk>/data.json", person_data_export, name="members_person_export"),
    ]
