"""Forms of the network console. They check shape only; the services decide the rest
(a taken slug or domain, a reserved name) and their errors are put back on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import hooks
from core.constants import DEFAULT_THEME
from core.errors import ServiceErrorFormMixin

from .models import LegalForm
from .validators import SLUG_MAX


class BuurtpuntRequestForm(ServiceErrorFormMixin, forms.Form):
    slug = forms.CharField(
        label=_("Slug"),
        max_length=SLUG_MAX,
        help_text=_(
            "Lowercase letters, digits and hyphens. Also the name of the schema and, "
            "unless you give a domain, the first part of the site's address. It cannot be changed."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=LegalForm.choices, initial=LegalForm.VZW
    )
    admin_email = forms.EmailField(
        label=_("E-mail of the first administrator"),
        help_text=_("This person gets a link by e-mail to choose a password."),
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=hooks.site_themes, initial=DEFAULT_THEME)
    domain = forms.CharField(
        label=_("Domain"),
        max_length=253,
        required=False,
        help_text=_("Optional, e.g. www.dorpspunt.be. Leave empty for the default address."),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the history; visitors only see that the site is unavailable."),
    )


class DomainAddForm(ServiceErrorFormMixin, forms.Form):
    domain = forms.CharField(
        label=_("Domain"),
        max_length=253,
        help_text=_("A host name without scheme or port, e.g. www.dorpspunt.be."),
    )
    make_primary = forms.BooleanField(
        label=_("Make this the primary domain"),
        required=False,
        help_text=_("The site's links and the administrator's e-mails will use this address."),
    )
