"""The "become a shareholder" page: the form, and the pages a request walks through."""

from __future__ import annotations

import uuid

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from core import throttle

# Posts of one client to the sign-up form (per buurtpunt) in a window of seconds.
POSTS_PER_WINDOW = 8
WINDOW_SECONDS = 300


class SignupPage(RoutablePageMixin, Page):
    """Where residents become shareholders (one per site, under the home page).

    The form lists the share classes offered online with their limits; the
    request counts once its e-mail is confirmed (``bevestig/``), then the
    status page (``aanvraag/<id>/``) shows how to pay and, later, that the
    shares are issued. The flow itself lives in ``members.services``.
    """

    intro = RichTextField(_("introduction"), blank=True)
    why = RichTextField(
        _("why become a shareholder"),
        blank=True,
        help_text=_("Shown beside the form: what shareholders make possible."),
    )
    after_payment = RichTextField(
        _("after payment"),
        blank=True,
        help_text=_("Shown on the status page once the shares are issued."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("why"),
        FieldPanel("after_payment"),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "members/signup_page.html"

    class Meta:
        verbose_name = _("sign-up page (shares)")
        verbose_name_plural = _("sign-up pages (shares)")

    # --- routes ---------------------------------------------------------------

    @path("")
    def form_view(self, request):
        from ..views import signup_form

        return signup_form(request, self)

    @path("verzonden/", name="sent")
    def sent_view(self, request):
        return TemplateResponse(request, "members/signup_sent.html", self.get_context(request))

    @path("bevestig/<str:token>/", name="confirm")
    def confirm_view(self, request, token):
        from ..views import signup_confirm

        return signup_confirm(request, self, token)

    @path("aanvraag/<uuid:public_id>/", name="status")
    def status_view(self, request, public_id: uuid.UUID):
        from ..views import signup_status

        return signup_status(request, self, public_id)

    def status_url(self, subscription) -> str:
        return self.url + self.reverse_subpage("status", args=[subscription.public_id])

    def throttled(self, request) -> bool:
        return throttle.hit(
            scope=f"signup-{self.pk}",
            client=throttle.client_ip(request),
            limit=POSTS_PER_WINDOW,
            window=WINDOW_SECONDS,
        )

    def redirect_to(self, name: str, *args):
        return redirect(self.url + self.reverse_subpage(name, args=list(args)))
