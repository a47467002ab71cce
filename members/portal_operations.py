"""The member portal's part of the share operations: a shareholder asks to redeem shares.

Within the exit window the page shows a form (which class, how many) and what
would be paid back; outside it, when the window opens next. Below, the
shareholder's operations (open ones can be withdrawn). Thin views: one
service call each, its refusal shown on the form.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import localtime
from core.errors import ServiceError, ServiceErrorFormMixin

from .models import MAX_SHARES, ShareClass, ShareOperation
from .portal import person_for_user, person_holdings
from .portal_views import _render
from .services import current_exit_window, operation_cancel, operation_request
from .services.operations import describe, paid_per_share

K = ShareOperation.Kind
S = ShareOperation.Status


class RedeemForm(ServiceErrorFormMixin, forms.Form):
    share_class = forms.TypedChoiceField(
        label=gettext_lazy("Which shares"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the class of shares.")},
    )
    quantity = forms.IntegerField(
        label=gettext_lazy("How many"),
        min_value=1,
        max_value=MAX_SHARES,
        error_messages={
            "required": gettext_lazy("Enter how many shares."),
            "min_value": gettext_lazy("Choose at least one share."),
        },
    )

    def __init__(self, *args, holdings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share_class"].choices = [
            (h.share_class.pk, str(h.share_class)) for h in holdings
        ]
        if len(holdings) == 1:
            self.fields["share_class"].initial = holdings[0].share_class.pk


def _offers(person, holdings, operations) -> list[dict]:
    """Per class held: how many, how many asked back already, what was paid in per share,
    and whether the class's minimum matters."""
    offers = []
    for held in holdings:
        per_share = paid_per_share(person, held.share_class)
        pending = sum(
            op.quantity
            for op in operations
            if op.is_open and op.share_class_id == held.share_class.pk
        )
        offers.append(
            {
                "holding": held,
                "pending": pending,
                "per_share": per_share,
                "all": per_share * held.quantity,
                "keep_min": held.share_class.min_per_person > 1,
            }
        )
    return offers


def _operations(person) -> list[ShareOperation]:
    return list(
        person.operations.select_related("share_class", "to_person", "to_class").order_by(
            "-created"
        )
    )


@never_cache
def portal_redeem(request):
    person = person_for_user(request.user)
    if person is None:
        return redirect("members:portal")
    today = localtime.today()
    window = current_exit_window(today)
    holdings = person_holdings(person)
    is_open = today in window
    form = None
    if is_open and holdings:
        form = RedeemForm(request.POST or None, holdings=holdings)
        if request.method == "POST" and form.is_valid():
            try:
                operation = operation_request(
                    kind=K.REDEMPTION,
                    person=person,
                    share_class=ShareClass.objects.get(pk=form.cleaned_data["share_class"]),
                    quantity=form.cleaned_data["quantity"],
                    source=ShareOperation.Source.PORTAL,
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_service_error(exc)
            else:
                messages.success(
                    request,
                    _(
                        "Your request to redeem %(what)s is sent to the board. You get an "
                        "e-mail when it is done."
                    )
                    % {"what": describe(operation)},
                )
                return redirect("members:portal_redeem")
    operations = _operations(person)
    return _render(
        request,
        "redeem.html",
        page_title=_("Redeem shares"),
        person=person,
        window=window,
        is_open=is_open,
        form=form,
        offers=_offers(person, holdings, operations),
        open_operations=[(op, describe(op)) for op in operations if op.is_open],
        past_operations=[(op, describe(op)) for op in operations if not op.is_open],
    )


@require_POST
def portal_redeem_cancel(request, public_id):
    """The shareholder withdraws their own redemption request, while it is open."""
    person = person_for_user(request.user)
    if person is None:
        return redirect("members:portal")
    operation = ShareOperation.objects.filter(
        public_id=public_id,
        person=person,
        kind=K.REDEMPTION,
        source=ShareOperation.Source.PORTAL,
    ).first()
    if operation is None:
        raise Http404
    try:
        operation_cancel(
            operation=operation, actor=request.user, reason=_("Withdrawn by the shareholder.")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your request is withdrawn."))
    return redirect("members:portal_redeem")
