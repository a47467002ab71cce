"""Import and export in the board's admin: one page with, per kind of data, the
export buttons and an empty template to fill in; the upload of a file; the list
of imports; and a page per import that follows its progress, shows the dry
run's verdict row by row, and offers "Import now" when the file is clean.

The work itself is ``members.imports`` (the services) and
``members.resources`` (the files); the views here only call them. Nothing of it
shows or answers on the network site.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from core.errors import ServiceError
from core.tenancy import current_buurtpunt

from .. import resources
from ..imports import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, import_job_confirm, import_job_create
from ..models import ImportJob
from .base import TenantOnlyViewSetMixin

IMPORT = "members.add_importjob"
VIEW_JOBS = "members.view_importjob"
JOBS_ON_PAGE = 20
#: Where the data of each kind can be seen once imported (a viewset's index).
SHOWN_AT = {
    ImportJob.Kind.PEOPLE: ("people:index", gettext_lazy("See the people")),
    ImportJob.Kind.OPENING_BALANCE: ("share_register:index", gettext_lazy("See the register")),
    ImportJob.Kind.MEMBERSHIPS: ("member_register:index", gettext_lazy("See the member register")),
    ImportJob.Kind.FEE_PAYMENTS: ("member_dues:index", gettext_lazy("See the membership fees")),
}
#: What each kind of file holds, for the person choosing one.
HELP = {
    ImportJob.Kind.PEOPLE: gettext_lazy(
        "Names, addresses and ways to reach them. A row with a known member number, or "
        "with the e-mail address and name of a known person, updates that person; an "
        "empty cell leaves what is stored."
    ),
    ImportJob.Kind.OPENING_BALANCE: gettext_lazy(
        "The share register as it stood before: one entry per row with its real date "
        "(issue, transfer or redemption). Import the people first."
    ),
    ImportJob.Kind.MEMBERSHIPS: gettext_lazy(
        "The vzw's members: date of admission and, for former members, date and reason "
        "of the end. Import the people first."
    ),
    ImportJob.Kind.FEE_PAYMENTS: gettext_lazy(
        "Membership fees paid: one row per person and year. Raise that year's fees first."
    ),
}


def kinds() -> list[str]:
    return resources.kinds_for(current_buurtpunt())


def can_import(user, kind: str) -> bool:
    resource = resources.RESOURCES[kind]
    return user.has_perm(IMPORT) and all(user.has_perm(p) for p in resource.import_permissions)


def can_export(user, kind: str) -> bool:
    return any(user.has_perm(p) for p in resources.RESOURCES[kind].export_permissions)


def _kind_or_404(kind: str) -> str:
    if kind not in kinds():
        raise Http404
    return kind


def _download(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=resources.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What does the file hold?"))
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
        error_messages={"required": gettext_lazy("Choose the file to import.")},
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ImportJob.Kind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB: split it into smaller files.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


def job_status(job: ImportJob) -> dict:
    """What the polling page needs, and what the jobs list shows of a job."""
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "busy": job.is_busy,
        "rows_total": job.rows_total,
        "rows_done": job.rows_done,
        "percent": job.percent,
    }


def verdict(job: ImportJob) -> str:
    """One line on how a job stands, for the jobs list."""
    results = job.results or {}
    if job.status == ImportJob.Status.DRY_RUN_DONE:
        if results.get("file_errors"):
            return _("The file cannot be read")
        if results.get("rows_with_errors"):
            return _("%(count)d rows need correcting") % {"count": results["rows_with_errors"]}
        return _("Ready to import")
    if job.status == ImportJob.Status.DONE:
        return _("%(count)d rows imported") % {"count": job.rows_total}
    if job.status == ImportJob.Status.FAILED:
        return _("Nothing was imported")
    return str(job.get_status_display())


class TransferIndexView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "members/admin/transfer/index.html"
    page_title = gettext_lazy("Import and export")
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not any(can_import(user, k) or can_export(user, k) for k in kinds()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def importable(self) -> list[str]:
        return [kind for kind in kinds() if can_import(self.request.user, kind)]

    def post(self, request):
        form = UploadForm(request.POST, request.FILES, kinds=self.importable())
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = import_job_create(
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name,
                    content=upload.read(),
                    actor=request.user,
                )
            except ServiceError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return redirect("members_transfer:job", pk=job.pk)
        return self.render_to_response(self.get_context_data(form=form))

    def kind_rows(self) -> list[dict]:
        user = self.request.user
        rows = []
        labels = {"csv": _("CSV"), "xlsx": _("Excel (.xlsx)")}
        for kind in kinds():
            formats = list(resources.FORMATS)
            rows.append(
                {
                    "kind": kind,
                    "label": ImportJob.Kind(kind).label,
                    "help": HELP[kind],
                    "exports": [
                        {
                            "format": fmt,
                            "label": labels[fmt],
                            "url": reverse("members_transfer:export", args=[kind, fmt]),
                        }
                        for fmt in formats
                    ]
                    if can_export(user, kind)
                    else [],
                    "templates": [
                        {
                            "format": fmt,
                            "label": labels[fmt],
                            "url": reverse("members_transfer:template", args=[kind, fmt]),
                        }
                        for fmt in formats
                    ]
                    if can_import(user, kind)
                    else [],
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        importable = self.importable()
        if "form" not in kwargs and importable:
            kwargs["form"] = UploadForm(kinds=importable)
        user = self.request.user
        # The imports of the kinds this user may import (or all, with the permission to see them).
        shown = kinds() if user.has_perm(VIEW_JOBS) else importable
        jobs = list(
            ImportJob.objects.filter(kind__in=shown)
            .select_related("created_by")
            .defer("content")[:JOBS_ON_PAGE]
        )
        return super().get_context_data(
            kinds=self.kind_rows(),
            jobs=[{"job": job, "verdict": verdict(job)} for job in jobs],
            max_mb=MAX_FILE_BYTES // (1024 * 1024),
            max_rows=f"{MAX_ROWS:,}".replace(",", "."),
            max_columns=MAX_COLUMNS,
            **kwargs,
        )


class JobMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.job = get_object_or_404(
            ImportJob.objects.defer("content").select_related("created_by", "imported_by"),
            pk=kwargs["pk"],
            kind__in=kinds(),
        )

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (can_import(user, self.job.kind) or user.has_perm(VIEW_JOBS)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class JobView(JobMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "members/admin/transfer/job.html"
    page_title = gettext_lazy("Import")
    header_icon = "doc-full-inverse"

    def get_page_subtitle(self):
        return self.job.file_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("members_transfer:index"), "label": _("Import and export")},
            {"url": "", "label": self.job.file_name},
        ]

    def shown_at(self) -> dict | None:
        url_name, label = SHOWN_AT[self.job.kind]
        try:
            return {"url": reverse(url_name), "label": label}
        except NoReverseMatch:
            return None

    def get_context_data(self, **kwargs):
        job = self.job
        results = job.results or {}
        return super().get_context_data(
            job=job,
            results=results,
            errors=results.get("errors", []),
            status=job_status(job),
            status_url=reverse("members_transfer:status", args=[job.pk]),
            confirm_url=reverse("members_transfer:confirm", args=[job.pk]),
            may_import=can_import(self.request.user, job.kind),
            shown_at=self.shown_at(),
            counts=self.counts(results.get("counts", {})),
            progress_heading=self.progress_headings().get(job.status, ""),
            # For the script that keeps the heading and the line under the bar current.
            progress_texts={
                "rows": _("%(done)s of %(total)s rows"),
                "headings": self.progress_headings(),
            },
            **kwargs,
        )

    @staticmethod
    def progress_headings() -> dict[str, str]:
        return {
            ImportJob.Status.QUEUED: _("Waiting for its turn…"),
            ImportJob.Status.RUNNING: _("Checking every row…"),
            ImportJob.Status.IMPORTING: _("Importing…"),
        }

    def counts(self, counts: dict) -> list[dict]:
        """What the import did (or, after the dry run, will do)."""
        labels = {
            "created": _("New people"),
            "updated": _("People with changed details"),
            "unchanged": _("People unchanged"),
            "entries": _("Register entries"),
            "numbers_given": _("New member numbers"),
            "memberships": _("Memberships"),
            "payments": _("Fee payments"),
        }
        return [
            {"label": labels[key], "count": value} for key, value in counts.items() if key in labels
        ]


class JobStatusView(JobMixin, View):
    def get(self, request, pk):
        response = JsonResponse(job_status(self.job))
        response["Cache-Control"] = "no-store"
        return response


class JobConfirmView(JobMixin, View):
    def post(self, request, pk):
        if not can_import(request.user, self.job.kind):
            raise PermissionDenied
        try:
            import_job_confirm(job=self.job, actor=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The import has started."))
        return redirect("members_transfer:job", pk=self.job.pk)


class TemplateDownloadView(View):
    def get(self, request, kind, fmt):
        kind = _kind_or_404(kind)
        if fmt not in resources.FORMATS:
            raise Http404
        if not can_import(request.user, kind):
            raise PermissionDenied
        headers = resources.template_headers(kind)
        content = resources.write_file(headers, [], fmt, title=str(ImportJob.Kind(kind).label))
        return _download(content, fmt, resources.file_name(kind, fmt, template=True))


class ExportView(View):
    def get(self, request, kind, fmt):
        kind = _kind_or_404(kind)
        if fmt not in resources.FORMATS:
            raise Http404
        if not can_export(request.user, kind):
            raise PermissionDenied
        headers, rows = resources.export_rows(kind)
        content = resources.write_file(headers, rows, fmt, title=str(ImportJob.Kind(kind).label))
        return _download(content, fmt, resources.file_name(kind, fmt))


class TransferViewSet(TenantOnlyViewSetMixin, ViewSet):
    name = "members_transfer"
    url_prefix = "import-export"
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Import/export")
    menu_name = "members_transfer"
    menu_order = 290
    add_to_admin_menu = True
    menu_permissions = (
        IMPORT,
        "members.view_person",
        "members.change_person",
        "members.view_registerentry",
        "members.view_membership",
        "members.view_feedue",
    )

    def extra_urlpatterns(self):
        return [
            path("", TransferIndexView.as_view(), name="index"),
            path("jobs/<int:pk>/", JobView.as_view(), name="job"),
            path("jobs/<int:pk>/status/", JobStatusView.as_view(), name="status"),
            path("jobs/<int:pk>/import/", JobConfirmView.as_view(), name="confirm"),
            path("template/<str:kind>.<str:fmt>", TemplateDownloadView.as_view(), name="template"),
            path("export/<str:kind>.<str:fmt>", ExportView.as_view(), name="export"),
        ]


@hooks.register("register_admin_viewset")
def register_transfer_admin():
    return TransferViewSet()


@hooks.register("register_permissions")
def register_import_permissions():
    """Who may upload and import files, and who may see the imports of others."""
    return Permission.objects.filter(
        content_type__app_label="members", codename__in=["add_importjob", "view_importjob"]
    )
