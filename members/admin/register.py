"""The share register as of a date, its exports, and the general meeting list.

The register shows, per shareholder, what company law asks for (WVV): name
and domicile (or name, seat and company number for a legal person), the
shares per class with what was paid per share, and every entry with its
date: issues, transfers with their counterparty, redemptions and exclusions
with the amount paid back, reversals. Per class: the totals with the voting
and profit rights. It prints on A4 landscape without the admin around it,
and downloads as CSV, XLSX or JSON (``members.exports``).

The reads are ``members.selectors.register_as_of`` and
``general_meeting_list``; the views only arrange them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from core import localtime
from core.tenancy import current_buurtpunt

from .. import selectors
from ..models import CooperativeSettings, RegisterEntry, ShareClass, VotingRule
from .base import TenantOnlyViewSetMixin
from .forms import AsOfForm

VIEW_REGISTER = "members.view_registerentry"
# What went out of the register, with money paid back.
EXITS = (RegisterEntry.Kind.REDEMPTION, RegisterEntry.Kind.EXCLUSION)
TRANSFERS = (RegisterEntry.Kind.TRANSFER_IN, RegisterEntry.Kind.TRANSFER_OUT)


def _exports():
    # Imported when used: the export module is its own piece of the app.
    from .. import exports

    return exports


# --- what the template shows ---------------------------------------------------------


@dataclass
class HoldingLine:
    share_class: ShareClass
    quantity: int
    paid_in: Decimal

    @property
    def per_share(self) -> Decimal | None:
        if not self.quantity:
            return None
        return (self.paid_in / self.quantity).quantize(Decimal("0.01"))


@dataclass
class EntryLine:
    entry: RegisterEntry

    @property
    def paid_back(self) -> Decimal | None:
        """The amount paid back on an exit (a positive number), else None."""
        if self.entry.kind in EXITS:
            return -self.entry.amount
        return None

    @property
    def paid_in(self) -> Decimal | None:
        if self.entry.kind in EXITS:
            return None
        return self.entry.amount

    @property
    def detail(self) -> str:
        entry = self.entry
        parts = []
        if entry.kind == RegisterEntry.Kind.TRANSFER_OUT and entry.counterparty_id:
            parts.append(_("to %(name)s") % {"name": entry.counterparty})
        elif entry.kind == RegisterEntry.Kind.TRANSFER_IN and entry.counterparty_id:
            parts.append(_("from %(name)s") % {"name": entry.counterparty})
        if entry.reverses_id:
            parts.append(_("reverses entry %(number)d") % {"number": entry.reverses.number})
        if entry.note:
            parts.append(entry.note)
        return " · ".join(parts)


@dataclass
class HolderBlock:
    person: object
    holdings: list[HoldingLine]
    entries: list[EntryLine] = field(default_factory=list)
    former: bool = False  # holds nothing on the date: kept in the register for its exits

    @property
    def is_legal(self) -> bool:
        return self.person.kind == self.person.Kind.LEGAL

    @property
    def total(self) -> int:
        return sum(line.quantity for line in self.holdings)


@dataclass
class ClassLine:
    share_class: ShareClass
    quantity: int
    paid_in: Decimal
    holders: int
    votes: int | None  # None: one vote per shareholder, not per share


def holder_blocks(register) -> list[HolderBlock]:
    return [
        HolderBlock(
            person=row.person,
            holdings=[HoldingLine(h.share_class, h.quantity, h.paid_in) for h in row.holdings],
            entries=[EntryLine(entry) for entry in row.entries],
            former=not row.is_shareholder,
        )
        for row in register.holders
    ]


def class_lines(register, voting_rule: str) -> list[ClassLine]:
    per_share = voting_rule == VotingRule.PER_SHARE
    return [
        ClassLine(
            share_class=total.share_class,
            quantity=total.quantity,
            paid_in=total.paid_in,
            holders=total.holders,
            votes=total.quantity * total.share_class.votes_per_share if per_share else None,
        )
        for total in register.totals
    ]


def cooperative_settings(request) -> CooperativeSettings:
    return CooperativeSettings.for_request(request)


# --- the views ---------------------------------------------------------------------------


class RegisterPermissionMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_REGISTER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AsOfMixin:
    """Reads the date from ``?on=``: today when absent; a wrong one says so."""

    date_label = gettext_lazy("As of")

    def as_of(self) -> tuple[AsOfForm, date]:
        data = self.request.GET if "on" in self.request.GET else None
        form = AsOfForm(data, label=self.date_label)
        return form, form.date

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            buurtpunt_name=getattr(current_buurtpunt(), "name", ""), **kwargs
        )


class RegisterView(RegisterPermissionMixin, AsOfMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "members/admin/register.html"
    page_title = gettext_lazy("Share register")
    header_icon = "list-ul"

    def export_links(self, on: date) -> list[dict]:
        base = reverse("share_register:export")
        return [
            {
                "label": fmt.upper(),
                "url": f"{base}?{urlencode({'on': on.isoformat(), 'format': fmt})}",
                "format": fmt,
            }
            for fmt in _exports().EXPORT_FORMATS
        ]

    def get_context_data(self, **kwargs):
        form, on = self.as_of()
        register = selectors.register_as_of(on)
        settings = cooperative_settings(self.request)
        return super().get_context_data(
            form=form,
            on=on,
            is_today=on == localtime.today(),
            holders=holder_blocks(register),
            classes=class_lines(register, settings.voting_rule),
            settings=settings,
            per_share=settings.voting_rule == VotingRule.PER_SHARE,
            exports=self.export_links(on),
            **kwargs,
        )


class RegisterExportView(RegisterPermissionMixin, View):
    def get(self, request):
        exports = _exports()
        fmt = request.GET.get("format", "csv")
        if fmt not in exports.EXPORT_FORMATS:
            raise Http404
        form = AsOfForm(request.GET if "on" in request.GET else None)
        if form.is_bound and not form.is_valid():
            messages.error(request, form.errors["on"][0])
            return redirect("share_register:index")
        on = form.date
        content_type, _extension = exports.EXPORT_FORMATS[fmt]
        response = HttpResponse(exports.export_register(on=on, fmt=fmt), content_type=content_type)
        filename = exports.export_filename(on, fmt)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class GeneralMeetingView(
    RegisterPermissionMixin, AsOfMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Who may vote at a general meeting, with how many votes, as of the record date."""

    template_name = "members/admin/general_meeting.html"
    page_title = gettext_lazy("General meeting list")
    header_icon = "group"
    date_label = gettext_lazy("Record date")

    def get_context_data(self, **kwargs):
        form, on = self.as_of()
        rows = selectors.general_meeting_list(on)
        codes = {code for row in rows for code in row.shares}
        classes = [c for c in ShareClass.objects.order_by("sort_order", "code") if c.code in codes]
        settings = cooperative_settings(self.request)
        return super().get_context_data(
            form=form,
            on=on,
            is_today=on == localtime.today(),
            classes=classes,
            rows=[
                {
                    "person": row.person,
                    "shares": [row.shares.get(c.code, 0) for c in classes],
                    "votes": row.votes,
                    "capped": row.capped,
                }
                for row in rows
            ],
            total_votes=sum(row.votes for row in rows),
            total_shares=[sum(row.shares.get(c.code, 0) for row in rows) for c in classes],
            any_capped=any(row.capped for row in rows),
            settings=settings,
            **kwargs,
        )


# --- registration --------------------------------------------------------------------------


class RegisterViewSet(TenantOnlyViewSetMixin, ViewSet):
    name = "share_register"
    icon = "list-ul"
    menu_label = gettext_lazy("Share register")
    menu_permissions = (VIEW_REGISTER,)

    def extra_urlpatterns(self):
        return [
            path("", RegisterView.as_view(), name="index"),
            path("export/", RegisterExportView.as_view(), name="export"),
        ]


class GeneralMeetingViewSet(TenantOnlyViewSetMixin, ViewSet):
    name = "general_meeting"
    icon = "group"
    menu_label = gettext_lazy("General meeting list")
    menu_permissions = (VIEW_REGISTER,)

    def extra_urlpatterns(self):
        return [path("", GeneralMeetingView.as_view(), name="index")]
