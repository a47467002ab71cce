"""The contact page: a form the team builds in the admin, mailed to the team."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import (
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from core import throttle

# A field no person sees or fills in; a bot that fills every field fills it too.
HONEYPOT_FIELD = "hp_website"
# Posts of one client to one contact page (per buurtpunt) in a window of seconds.
POSTS_PER_WINDOW = 5
WINDOW_SECONDS = 60
# A text longer than this is not a message to the team.
MAX_TEXT_LENGTH = 5000


class ContactFormField(AbstractFormField):
    """A field of the contact form, as the team defines it in the admin."""

    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactSubmission(AbstractFormSubmission):
    """A message sent through the contact page; ``mailed_at`` keeps the mail from going twice."""

    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("contact form submission")
        verbose_name_plural = _("contact form submissions")


class ContactPage(AbstractEmailForm):
    """The contact page (one per site, under the home page).

    Built with Wagtail's form builder: the team chooses the fields, the
    submissions are listed in the admin and each one is mailed to the team
    by a background task. A honeypot field and a limit of posts per client
    keep bots out: a bot gets the same thank-you page as a person, but
    nothing is stored and nothing is mailed.
    """

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(
        _("thank-you text"), blank=True, help_text=_("Shown after a message was sent.")
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail to the team"),
        ),
    ]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "cms/contact_page.html"
    landing_page_template = "cms/contact_page_landing.html"

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def get_submission_class(self):
        return ContactSubmission

    def get_form_class(self):
        base = super().get_form_class()
        honeypot = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        return type("ContactForm", (ContactFormMixin, base), {HONEYPOT_FIELD: honeypot})

    def process_form_submission(self, form):
        from cms.services import contact_submission_create

        return contact_submission_create(page=self, form=form)

    def serve(self, request, *args, **kwargs):
        if request.method != "POST":
            return super().serve(request, *args, **kwargs)
        over_limit = throttle.hit(
            scope=f"contact-{self.pk}",
            client=throttle.client_ip(request),
            limit=POSTS_PER_WINDOW,
            window=WINDOW_SECONDS,
        )
        if over_limit:
            return self.render_landing_page(request)
        form = self.get_form(request.POST, request.FILES, page=self, user=request.user)
        if form.filled_by_bot():
            return self.render_landing_page(request)
        if form.is_valid():
            return self.render_landing_page(request, self.process_form_submission(form))
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)


class ContactFormMixin:
    """Adds to the form builder's form: the honeypot and a length cap on texts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name == HONEYPOT_FIELD or not isinstance(field, forms.CharField):
                continue
            if field.max_length is None or field.max_length > MAX_TEXT_LENGTH:
                field.max_length = MAX_TEXT_LENGTH
                field.validators.append(MaxLengthValidator(MAX_TEXT_LENGTH))

    def filled_by_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    @property
    def visible_fields_list(self):
        return [field for field in self if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]
