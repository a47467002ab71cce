"""The network console: the public site's Wagtail admin screens over every buurtpunt.

Wagtail registers admin URLs once for every host, and a tenant's search path
ends in ``public``, so a buurtpunt's own admin could read the registry through
these views. Each view therefore answers 404 outside the public schema, before
any permission check (a tenant's superuser has every permission in its own
schema). Views stay thin: a form checks shape, one service decides and writes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic.edit import BaseFormView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, Table, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton

from core.errors import ServiceError
from core.tenancy import on_network_site

from . import services
from .forms import BuurtpuntRequestForm, DomainAddForm, SuspendForm
from .models import Buurtpunt, ProvisioningRequest
from .selectors import (
    buurtpunt_audit_entries,
    console_buurtpunten,
    recent_provisioning_requests,
    tenant_figures,
)

VIEW_PERMISSION = "tenants.view_buurtpunt"
ADD_PERMISSION = "tenants.add_buurtpunt"
CHANGE_PERMISSION = "tenants.change_buurtpunt"
CONSOLE_PERMISSIONS = (VIEW_PERMISSION, ADD_PERMISSION, CHANGE_PERMISSION)


def user_may(user, permission: str | None = None) -> bool:
    """``permission`` None means any permission of the console (to look around)."""
    if not user.is_active:
        return False
    if permission is None:
        return any(user.has_perm(perm) for perm in CONSOLE_PERMISSIONS)
    return user.has_perm(permission)


def console_available(request) -> bool:
    return on_network_site() and user_may(request.user)


# --- shared view parts --------------------------------------------------------


class ConsoleMixin:
    """404 outside the public schema, then the permission check, then the view."""

    permission_required: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not on_network_site():
            raise Http404
        if not user_may(request.user, self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def index_breadcrumbs(self) -> list[dict]:
        return [
            *WagtailAdminTemplateMixin.breadcrumbs_items,
            {"url": reverse("buurtpunten:index"), "label": _("Buurtpunten")},
        ]


class BuurtpuntMixin(ConsoleMixin):
    """A view of one buurtpunt (never the public tenant), loaded after the guard."""

    @cached_property
    def buurtpunt(self) -> Buurtpunt:
        return get_object_or_404(console_buurtpunten(), pk=self.kwargs["pk"])

    def detail_url(self) -> str:
        return reverse("buurtpunten:detail", args=[self.buurtpunt.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.index_breadcrumbs(),
            {"url": self.detail_url(), "label": self.buurtpunt.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(buurtpunt=self.buurtpunt, **kwargs)


class ConsoleFormView(WagtailAdminTemplateMixin, BaseFormView):
    """A form in the admin's look: ``wagtailadmin/generic/form.html`` and its context."""

    template_name = "tenants/console/form.html"
    submit_button_label = gettext_lazy("Save")
    submit_button_active_label = gettext_lazy("Saving…")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label=self.submit_button_label,
            submit_button_active_label=self.submit_button_active_label,
            **kwargs,
        )


# --- the list -------------------------------------------------------------------


class FigureColumn(Column):
    """Pages or users of a schema, read beforehand by ``tenant_figures``."""

    empty_value_display = "–"

    def get_value(self, instance):
        return (getattr(instance, "figures", None) or {}).get(self.accessor, "")


class SiteLinksColumn(Column):
    cell_template_name = "tenants/console/links_cell.html"


class ConsoleTable(Table):
    def get_row_attrs(self, instance):
        attrs = super().get_row_attrs(instance)
        attrs["data-buurtpunt"] = instance.schema_name
        return attrs


def _domain_list(buurtpunt: Buurtpunt) -> str:
    return ", ".join(domain.domain for domain in buurtpunt.domains.all())


class BuurtpuntIndexView(ConsoleMixin, BaseListingView):
    template_name = "tenants/console/index.html"
    page_title = gettext_lazy("Buurtpunten")
    header_icon = "site"
    index_url_name = "buurtpunten:index"
    verbose_name_plural = gettext_lazy("buurtpunten")
    table_class = ConsoleTable
    paginate_by = 50
    default_ordering = "name"
    columns = [
        TitleColumn(
            "name", label=gettext_lazy("Name"), url_name="buurtpunten:detail", sort_key="name"
        ),
        Column("schema_name", label=gettext_lazy("Slug"), sort_key="schema_name"),
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor="get_status_display",
            primary=lambda buurtpunt: buurtpunt.is_active,
            sort_key="status",
        ),
        Column("domains", label=gettext_lazy("Domains"), accessor=_domain_list),
        DateColumn("created", label=gettext_lazy("Created"), sort_key="created"),
        FigureColumn("pages", label=gettext_lazy("Pages")),
        FigureColumn("users", label=gettext_lazy("Users")),
        SiteLinksColumn("links", label=gettext_lazy("Links")),
    ]

    def get_base_queryset(self):
        return console_buurtpunten()

    def get_table(self, object_list):
        rows = list(object_list)
        figures = tenant_figures([buurtpunt.schema_name for buurtpunt in rows])
        for buurtpunt in rows:
            buurtpunt.figures = figures.get(buurtpunt.schema_name, {})
        return super().get_table(rows)

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if user_may(self.request.user, ADD_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("New buurtpunt"), url=reverse("buurtpunten:create"), icon_name="plus"
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        return super().get_context_data(recent_requests=recent_provisioning_requests(), **kwargs)


# --- one buurtpunt ---------------------------------------------------------------


class BuurtpuntDetailView(BuurtpuntMixin, WagtailAdminTemplateMixin, View):
    template_name = "tenants/console/detail.html"
    header_icon = "site"

    def get_page_title(self):
        return self.buurtpunt.name

    def get_breadcrumbs_items(self):
        return [*self.index_breadcrumbs(), {"url": "", "label": self.buurtpunt.name}]

    def get_header_buttons(self):
        bp = self.buurtpunt
        buttons = [
            HeaderButton(_("Visit site"), url=f"{bp.base_url}/", icon_name="link-external"),
            HeaderButton(_("Open its admin"), url=f"{bp.base_url}/admin/", icon_name="cog"),
        ]
        if user_may(self.request.user, CHANGE_PERMISSION):
            buttons.append(
                HeaderButton(
                    _("Add domain"),
                    url=reverse("buurtpunten:domain_add", args=[bp.pk]),
                    icon_name="globe",
                )
            )
            if bp.is_active:
                label, name, icon = _("Suspend"), "buurtpunten:suspend", "lock"
            else:
                label, name, icon = _("Reactivate"), "buurtpunten:reactivate", "lock-open"
            buttons.append(HeaderButton(label, url=reverse(name, args=[bp.pk]), icon_name=icon))
        return buttons

    def get(self, request, *args, **kwargs):
        bp = self.buurtpunt
        return self.render_to_response(
            self.get_context_data(
                figures=tenant_figures([bp.schema_name]).get(bp.schema_name, {}),
                domains=bp.domains.all(),
                audit_entries=buurtpunt_audit_entries(bp),
            )
        )


class SuspendView(BuurtpuntMixin, ConsoleFormView):
    """GET asks for a reason and confirmation; only POST suspends."""

    permission_required = CHANGE_PERMISSION
    form_class = SuspendForm
    template_name = "tenants/console/suspend.html"
    header_icon = "lock"
    submit_button_label = gettext_lazy("Yes, suspend")
    submit_button_active_label = gettext_lazy("Suspending…")

    def get_page_title(self):
        return _("Suspend")

    def form_valid(self, form):
        try:
            services.buurtpunt_suspend(
                buurtpunt=self.buurtpunt,
                reason=form.cleaned_data["reason"],
                actor=self.request.user,
            )
        except ServiceError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(
                self.request, _("%(name)s is suspended.") % {"name": self.buurtpunt.name}
            )
        return redirect(self.detail_url())


class ReactivateView(BuurtpuntMixin, WagtailAdminTemplateMixin, View):
    """GET asks for confirmation; only POST reactivates."""

    permission_required = CHANGE_PERMISSION
    template_name = "tenants/console/reactivate.html"
    header_icon = "lock-open"

    def get_page_title(self):
        return _("Reactivate")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(cancel_url=self.detail_url()))

    def post(self, request, *args, **kwargs):
        try:
            services.buurtpunt_reactivate(buurtpunt=self.buurtpunt, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(name)s is active again.") % {"name": self.buurtpunt.name}
            )
        return redirect(self.detail_url())


class DomainAddView(BuurtpuntMixin, ConsoleFormView):
    permission_required = CHANGE_PERMISSION
    form_class = DomainAddForm
    header_icon = "globe"
    submit_button_label = gettext_lazy("Add domain")
    submit_button_active_label = gettext_lazy("Adding…")

    def get_page_title(self):
        return _("Add domain")

    def form_valid(self, form):
        try:
            domain = services.domain_add(
                buurtpunt=self.buurtpunt,
                domain=form.cleaned_data["domain"],
                make_primary=form.cleaned_data["make_primary"],
                actor=self.request.user,
            )
        except ServiceError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(domain)s now leads to %(name)s.")
            % {"domain": domain.domain, "name": self.buurtpunt.name},
        )
        return redirect(self.detail_url())


# --- new buurtpunten --------------------------------------------------------------


class BuurtpuntCreateView(ConsoleMixin, ConsoleFormView):
    permission_required = ADD_PERMISSION
    form_class = BuurtpuntRequestForm
    page_title = gettext_lazy("New buurtpunt")
    header_icon = "plus"
    submit_button_label = gettext_lazy("Create buurtpunt")
    submit_button_active_label = gettext_lazy("Creating…")

    def get_breadcrumbs_items(self):
        return [*self.index_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        try:
            created = services.provisioning_request_create(
                **form.cleaned_data, actor=self.request.user
            )
        except ServiceError as exc:
            form.add_service_error(exc)
            return self.form_invalid(form)
        messages.success(self.request, _("%(name)s is being created.") % {"name": created.name})
        return redirect("buurtpunten:request", pk=created.pk)


FINISHED = (ProvisioningRequest.Status.DONE, ProvisioningRequest.Status.FAILED)


def request_status(provisioning_request: ProvisioningRequest) -> dict:
    """What the progress page shows, as JSON for its polling script."""
    pr = provisioning_request
    bp = pr.buurtpunt
    return {
        "id": pr.pk,
        "slug": pr.slug,
        "status": pr.status,
        "status_label": pr.get_status_display(),
        "step": pr.step,
        "error": pr.error,
        "finished": pr.status in FINISHED,
        "site_url": f"{bp.base_url}/" if bp else "",
        "admin_url": f"{bp.base_url}/admin/" if bp else "",
        "detail_url": reverse("buurtpunten:detail", args=[bp.pk]) if bp else "",
    }


class ProvisioningRequestMixin(ConsoleMixin):
    @cached_property
    def provisioning_request(self) -> ProvisioningRequest:
        return get_object_or_404(
            ProvisioningRequest.objects.select_related("buurtpunt"), pk=self.kwargs["pk"]
        )


class ProvisioningRequestView(ProvisioningRequestMixin, WagtailAdminTemplateMixin, View):
    """The progress of one request; refreshes itself until it is done or failed."""

    template_name = "tenants/console/request.html"
    header_icon = "tasks"

    def get_page_title(self):
        return _("New buurtpunt: %(slug)s") % {"slug": self.provisioning_request.slug}

    def get_breadcrumbs_items(self):
        return [*self.index_breadcrumbs(), {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(
            self.get_context_data(
                provisioning_request=self.provisioning_request,
                state=request_status(self.provisioning_request),
                status_url=reverse(
                    "buurtpunten:request_status", args=[self.provisioning_request.pk]
                ),
            )
        )


class ProvisioningRequestStatusView(ProvisioningRequestMixin, View):
    def get(self, request, *args, **kwargs):
        return JsonResponse(request_status(self.provisioning_request))


# --- registration ------------------------------------------------------------------


class ConsoleMenuItem(MenuItem):
    def is_shown(self, request):
        return console_available(request)


class ConsoleViewSet(ViewSet):
    name = "buurtpunten"
    icon = "site"
    menu_label = gettext_lazy("Buurtpunten")
    menu_order = 150
    add_to_admin_menu = True
    menu_item_class = ConsoleMenuItem

    def get_urlpatterns(self):
        return [
            path("", BuurtpuntIndexView.as_view(), name="index"),
            path("new/", BuurtpuntCreateView.as_view(), name="create"),
            path("requests/<int:pk>/", ProvisioningRequestView.as_view(), name="request"),
            path(
                "requests/<int:pk>/status/",
                ProvisioningRequestStatusView.as_view(),
                name="request_status",
            ),
            path("<int:pk>/", BuurtpuntDetailView.as_view(), name="detail"),
            path("<int:pk>/suspend/", SuspendView.as_view(), name="suspend"),
            path("<int:pk>/reactivate/", ReactivateView.as_view(), name="reactivate"),
            path("<int:pk>/domains/add/", DomainAddView.as_view(), name="domain_add"),
        ]
