"""Views of the sign-up page's routes: thin, each calls one service."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Site

from core.errors import ServiceError
from payments.selectors import payment_instructions

from . import selectors
from .forms import SignupForm
from .links import public_id_from_confirm_token
from .models import CooperativeSettings, Subscription
from .services import subscription_confirm, subscription_request


def _context(request, page, **extra):
    context = page.get_context(request)
    context["cooperative"] = CooperativeSettings.for_request(request)
    context.update(extra)
    return context


def signup_form(request, page):
    classes = selectors.share_classes_offered()
    if request.method == "POST":
        if page.throttled(request):
            return page.redirect_to("sent")
        form = SignupForm(request.POST, share_classes=classes)
        if form.filled_by_bot():
            return page.redirect_to("sent")
        if form.is_valid():
            try:
                subscription_request(
                    share_class=form.cleaned_data["share_class"],
                    quantity=form.cleaned_data["quantity"],
                    person=form.person_data(),
                    consents=form.consents(),
                    request_token=form.cleaned_data["request_token"],
                )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                return page.redirect_to("sent")
    else:
        form = SignupForm(initial={"request_token": uuid.uuid4()}, share_classes=classes)
    context = _context(request, page, form=form, share_classes=classes)
    response = TemplateResponse(request, page.get_template(request), context)
    # The form carries a one-time token: never cache it for someone else.
    response["Cache-Control"] = "private, no-store"
    return response


def signup_confirm(request, page, token):
    public_id = public_id_from_confirm_token(token)
    subscription = (
        Subscription.objects.select_related("person", "share_class")
        .filter(public_id=public_id)
        .first()
        if public_id
        else None
    )
    if subscription is None:
        return TemplateResponse(
            request,
            "members/signup_link_invalid.html",
            _context(request, page),
            status=400,
        )
    if subscription.status != Subscription.Status.UNCONFIRMED:
        return page.redirect_to("status", subscription.public_id)
    if request.method == "POST":
        subscription_confirm(subscription=subscription)
        return page.redirect_to("status", subscription.public_id)
    response = TemplateResponse(
        request, "members/signup_confirm.html", _context(request, page, subscription=subscription)
    )
    response["Cache-Control"] = "private, no-store"
    return response


def signup_status(request, page, public_id):
    subscription = (
        Subscription.objects.select_related("person", "share_class", "payment")
        .filter(public_id=public_id)
        .first()
    )
    if subscription is None:
        raise Http404(_("No such request."))
    instructions = None
    if subscription.payment_id and subscription.status in (
        Subscription.Status.SUBMITTED,
        Subscription.Status.APPROVED,
    ):
        instructions = payment_instructions(subscription.payment, Site.find_for_request(request))
    response = TemplateResponse(
        request,
        "members/signup_status.html",
        _context(
            request,
            page,
            subscription=subscription,
            instructions=instructions,
            entry=subscription.entries.order_by("number").first(),
        ),
    )
    response["Cache-Control"] = "private, no-store"
    return response
