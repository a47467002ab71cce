"""What the board's screens share: the network guard, the permission policies,
the confirm-and-act view and the history of an object.

Wagtail registers admin URLs once for every host, and the public schema has
the members tables too (the feature apps are shared apps), so every view here
answers 404 on the network site and its menu item is hidden there.
"""

from __future__ import annotations

import functools

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern
from django.utils.functional import cached_property
from django.views.generic.edit import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy

from core.errors import ServiceError
from core.tenancy import on_network_site

# Entries of the history shown on a detail page; the full list is one click further.
HISTORY_ON_PAGE = 15


def tenant_only(view):
    """``view``, answering 404 on the network site (the public schema)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if on_network_site():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def guard_urlpatterns(urlpatterns: list) -> list:
    return [
        URLPattern(p.pattern, tenant_only(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in urlpatterns
    ]


class TenantOnlyViewSetMixin:
    """For a ``ViewSet``: its views 404 and its menu item hides on the network site."""

    def get_urlpatterns(self):
        return guard_urlpatterns([*super().get_urlpatterns(), *self.extra_urlpatterns()])

    def extra_urlpatterns(self) -> list:
        """The viewset's own views beside Wagtail's (guarded like them)."""
        return []

    #: Permissions (any of them) that show the menu item; empty: as the base class decides.
    menu_permissions: tuple[str, ...] = ()

    @cached_property
    def menu_item_class(self):
        base = super().menu_item_class
        permissions = self.menu_permissions

        def is_shown(item, request):
            if on_network_site():
                return False
            if permissions:
                return any(request.user.has_perm(perm) for perm in permissions)
            return base.is_shown(item, request)

        return type(f"TenantOnly{base.__name__}", (base,), {"is_shown": is_shown})


class LimitedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, minus the actions that only a service may perform.

    Rows that change through services (a request, a payment) get no generic
    add, edit or delete form, whatever a user's permissions, superusers
    included; their ``change`` permission is checked by the action views
    instead, and lets its holder see the rows too.
    """

    def __init__(self, model, *, blocked: set[str]):
        super().__init__(model)
        self.blocked = set(blocked)

    def user_has_permission(self, user, action):
        if action in self.blocked:
            return False
        if action == "view":
            return user.has_perm(self._get_permission_name("view")) or user.has_perm(
                self._get_permission_name("change")
            )
        return super().user_has_permission(user, action)


class ViewHistoryView(HistoryView):
    """Wagtail's history of an object, for whoever may see the object."""

    any_permission_required = ["view", "change"]


def history(*objects, limit: int = HISTORY_ON_PAGE) -> list[ModelLogEntry]:
    """The latest log entries of ``objects`` together, newest first."""
    entries = []
    for obj in objects:
        if obj is not None:
            entries.extend(ModelLogEntry.objects.for_instance(obj).select_related("user")[:limit])
    entries.sort(key=lambda entry: (entry.timestamp, entry.pk), reverse=True)
    return entries[:limit]


class ActionView(WagtailAdminTemplateMixin, FormView):
    """Confirm one action on one object (GET), then call its service (POST).

    The service's refusal is shown as a message (or on the form field it
    names) and nothing changes; either way the user lands back on the
    object's page. Subclasses set ``model``, ``permission``, ``form_class``
    and the texts, and implement ``perform``.
    """

    model = None
    permission: str | tuple[str, ...] = ()
    form_class = forms.Form
    template_name = "members/admin/action.html"
    header_icon = ""
    submit_label = ""
    submit_classname = "button"
    intro = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])

    def get_queryset(self):
        return self.model._default_manager.all()

    def dispatch(self, request, *args, **kwargs):
        permissions = (self.permission,) if isinstance(self.permission, str) else self.permission
        if not all(request.user.has_perm(perm) for perm in permissions):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        raise NotImplementedError

    def perform(self, **cleaned_data) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.get_success_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            intro=self.intro,
            submit_label=self.submit_label,
            submit_classname=self.submit_classname,
            cancel_url=self.get_success_url(),
            **kwargs,
        )

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
