"""Bank statements in a buurtpunt's Wagtail admin: import a file, see what it matched,
and decide the lines that wait for a person (assign to a payment, or dismiss).

Each POST calls one service of ``payments.statements.services``; its refusal is
shown to the person (on the form, or as a message), never as an error page.
Reading needs the permission to see payments; importing and deciding, the
permission to change them (they mark payments paid). Nothing here shows, or
answers, on the network site. Imported by ``payments.wagtail_hooks``.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django.views.generic.edit import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from core.errors import ServiceError
from core.tenancy import on_network_site

from .models import BankStatement, Payment, StatementLine
from .statements import selectors
from .statements.errors import StatementError
from .statements.services import (
    MAX_FILE_BYTES,
    statement_import,
    statement_line_assign,
    statement_line_dismiss,
)

VIEW = ("payments.view_payment", "payments.change_payment")
CHANGE = ("payments.change_payment",)
ICON = "table"
# Right after "Payments" (payments.admin_views.MENU_ORDER).
MENU_ORDER = 211
STATEMENTS_ON_PAGE = 30
S = StatementLine.Status


def may(user, permissions: tuple[str, ...]) -> bool:
    return any(user.has_perm(permission) for permission in permissions)


# --- forms ----------------------------------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Statement file"),
        help_text=gettext_lazy(
            "CODA, CAMT.053 (XML) or CSV, as your bank's online banking exports it. At most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".cod,.coda,.txt,.xml,.csv"}),
    )


class AssignForm(forms.Form):
    payment = forms.ModelChoiceField(
        label=gettext_lazy("Payment"),
        queryset=Payment.objects.filter(status=Payment.Status.PENDING),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the payment this line paid.")},
    )
    accept_difference = forms.BooleanField(
        label=gettext_lazy("Mark it paid even though the amounts differ"),
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when the amounts differ: why is that all right?"),
    )


class DismissForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why does this line need no payment?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "For instance: a gift, paid back on 12 March, or a sale at the counter."
        ),
        error_messages={"required": gettext_lazy("Say why this line needs no payment.")},
    )


# --- views ------------------------------------------------------------------------------


class StatementViewMixin(WagtailAdminTemplateMixin):
    """404 on the network site; ``permissions`` (any of them) required."""

    permissions = VIEW
    header_icon = ICON

    def dispatch(self, request, *args, **kwargs):
        if on_network_site():
            raise Http404
        if not may(request.user, self.permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        for url, label in self.trail():
            items.append({"url": url, "label": label})
        items.append({"url": "", "label": self.get_page_title()})
        return items

    def trail(self) -> list[tuple[str, str]]:
        return [(reverse("bank_statements:index"), _("Bank statements"))]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_change=may(self.request.user, CHANGE), max_mb=MAX_FILE_BYTES // 2**20, **kwargs
        )


class StatementIndexView(StatementViewMixin, TemplateView):
    template_name = "payments/statements/index.html"
    page_title = gettext_lazy("Bank statements")

    def trail(self):
        return []

    def get_header_buttons(self):
        buttons = []
        if may(self.request.user, CHANGE):
            buttons.append(
                HeaderButton(
                    _("Import a statement"), reverse("bank_statements:upload"), icon_name="upload"
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.statements(), STATEMENTS_ON_PAGE).get_page(
            self.request.GET.get("p")
        )
        return super().get_context_data(
            page=page,
            statements=page.object_list,
            queue_count=selectors.queue_count(),
            **kwargs,
        )


class UploadView(StatementViewMixin, FormView):
    template_name = "payments/statements/upload.html"
    page_title = gettext_lazy("Import a statement")
    permissions = CHANGE
    form_class = UploadForm
    header_icon = "upload"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        # Read one byte past the limit: enough for the service to refuse a larger file.
        content = upload.read(MAX_FILE_BYTES + 1)
        try:
            result = statement_import(
                content=content, filename=upload.name, actor=self.request.user
            )
        except StatementError as exc:
            form.add_error("file", exc.message)
            return self.render_to_response(self.get_context_data(form=form, problems=exc.problems))
        except ServiceError as exc:
            form.add_error("file", exc.message)
            return self.form_invalid(form)
        statement = result.statement
        if not result.created:
            messages.info(
                self.request,
                _("This file was imported already, on %(date)s; nothing changed.")
                % {"date": _local_date(statement.imported_at)},
            )
        else:
            messages.success(
                self.request,
                _(
                    "Statement imported. Paid automatically: %(matched)d · to decide: "
                    "%(queued)d · money out: %(outgoing)d · known from an earlier import: "
                    "%(skipped)d."
                )
                % {
                    "matched": len(result.matched),
                    "queued": len(result.queued),
                    "outgoing": len(result.outgoing),
                    "skipped": result.skipped,
                },
            )
        return redirect("bank_statements:detail", statement.pk)


def _local_date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


class StatementDetailView(StatementViewMixin, TemplateView):
    template_name = "payments/statements/detail.html"
    page_title = gettext_lazy("Bank statement")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.statement = get_object_or_404(BankStatement, pk=kwargs["pk"])

    def get_page_title(self):
        if self.statement.statement_date:
            return _("Statement of %(date)s") % {
                "date": formats.date_format(self.statement.statement_date, "SHORT_DATE_FORMAT")
            }
        return self.statement.file_name

    def get_context_data(self, **kwargs):
        lines = list(selectors.statement_lines(self.statement))
        groups = [
            ("queued", _("To decide"), [line for line in lines if line.is_queued]),
            (
                "matched",
                _("Paid automatically"),
                [line for line in lines if line.status == S.MATCHED],
            ),
            (
                "decided",
                _("Decided by hand"),
                [line for line in lines if line.status in (S.ASSIGNED, S.DISMISSED)],
            ),
            ("outgoing", _("Money out"), [line for line in lines if line.status == S.OUTGOING]),
        ]
        return super().get_context_data(
            statement=self.statement,
            groups=[group for group in groups if group[2]],
            back=self.request.get_full_path(),
            **kwargs,
        )


class QueueView(StatementViewMixin, TemplateView):
    template_name = "payments/statements/queue.html"
    page_title = gettext_lazy("Lines to decide")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lines=list(selectors.queue()[:500]),
            back=self.request.get_full_path(),
            **kwargs,
        )


class LineActionView(StatementViewMixin, FormView):
    """One decision on one waiting line: GET shows the line and the form, POST calls the
    service and goes back where the person came from."""

    permissions = CHANGE

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.line = get_object_or_404(
            StatementLine.objects.select_related("statement", "payment"), pk=kwargs["pk"]
        )

    def dispatch(self, request, *args, **kwargs):
        if not on_network_site() and may(request.user, CHANGE) and not self.line.is_queued:
            messages.warning(
                request,
                _("This line was decided already (it is “%(status)s”).")
                % {"status": self.line.get_status_display()},
            )
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=False
        ) and target.startswith("/"):
            return target
        return reverse("bank_statements:queue")

    def trail(self):
        return [
            *super().trail(),
            (reverse("bank_statements:queue"), _("Lines to decide")),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            line=self.line,
            next_url=self.get_success_url(),
            cancel_url=self.get_success_url(),
            **kwargs,
        )

    def perform(self, **cleaned_data) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            message = self.perform(**form.cleaned_data)
        except ServiceError as exc:
            if exc.field and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
                return self.form_invalid(form)
            messages.error(self.request, exc.message)
        else:
            messages.success(self.request, message)
        return redirect(self.get_success_url())


class AssignView(LineActionView):
    template_name = "payments/statements/assign.html"
    page_title = gettext_lazy("Assign to a payment")
    form_class = AssignForm
    header_icon = "check"

    def get_initial(self):
        named = self.line.payment
        if named is not None and named.is_pending:
            return {"payment": named.pk}
        return {}

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        candidates = selectors.pending_payments(query, line=self.line)
        form = kwargs.setdefault("form", self.get_form())
        chosen = form["payment"].value()
        chosen_pk = str(chosen) if chosen else ""
        if chosen_pk and chosen_pk not in {str(p.pk) for p in candidates}:
            extra = Payment.objects.filter(pk=chosen_pk, status=Payment.Status.PENDING).first()
            if extra is not None:
                candidates.insert(0, extra)
        return super().get_context_data(
            query=query, candidates=candidates, chosen=chosen_pk, **kwargs
        )

    def perform(self, *, payment, accept_difference, note):
        statement_line_assign(
            line=self.line,
            payment=payment,
            actor=self.request.user,
            note=note,
            accept_difference=accept_difference,
        )
        return _("Payment %(reference)s is marked paid from this line.") % {
            "reference": payment.display_reference
        }


class DismissView(LineActionView):
    template_name = "payments/statements/dismiss.html"
    page_title = gettext_lazy("Dismiss a line")
    form_class = DismissForm
    header_icon = "cross"

    def perform(self, *, note):
        statement_line_dismiss(line=self.line, actor=self.request.user, note=note)
        return _("The line is set aside with your note.")


# --- registration -----------------------------------------------------------------------

urlpatterns = [
    path("", StatementIndexView.as_view(), name="index"),
    path("import/", UploadView.as_view(), name="upload"),
    path("to-decide/", QueueView.as_view(), name="queue"),
    path("<int:pk>/", StatementDetailView.as_view(), name="detail"),
    path("lines/<int:pk>/assign/", AssignView.as_view(), name="assign"),
    path("lines/<int:pk>/dismiss/", DismissView.as_view(), name="dismiss"),
]


@hooks.register("register_admin_urls")
def register_statement_urls():
    return [path("bank-statements/", include((urlpatterns, "bank_statements")))]


class StatementsMenuItem(MenuItem):
    def is_shown(self, request):
        return not on_network_site() and may(request.user, VIEW)


@hooks.register("register_admin_menu_item")
def register_statements_menu_item():
    return StatementsMenuItem(
        gettext_lazy("Bank statements"),
        reverse("bank_statements:index"),
        name="bank-statements",
        icon_name=ICON,
        order=MENU_ORDER,
    )
