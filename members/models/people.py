"""People: the residents and organisations that hold shares or are members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """A shareholder or member (a natural or a legal person) of this buurtpunt.

    Created by a sign-up (once its e-mail is confirmed), an import or the board.
    ``member_number`` is given when the person first becomes a shareholder or
    member, from a gapless counter, and never changes. An erased person keeps
    the row (the register points at it) with what the law requires and nothing
    else (``members.services.privacy``).
    """

    class Kind(models.TextChoices):
        NATURAL = "natural", _("Natural person")
        LEGAL = "legal", _("Organisation (legal person)")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NATURAL)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    organisation_name = models.CharField(_("name of the organisation"), max_length=200, blank=True)
    company_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        blank=True,
        help_text=_("Belgian enterprise number (KBO), e.g. 0123.456.749."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("municipality"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="BE")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    member_number = models.PositiveIntegerField(
        _("member number"), null=True, blank=True, unique=True, editable=False
    )
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    # The account the person logs in to the member portal with (by e-mail link only;
    # never staff). Made on the first login link.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        editable=False,
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "organisation_name"]
        indexes = [models.Index(Lower("email"), name="members_person_email_lower")]

    def __str__(self):
        return self.name or str(_("(no name)"))

    @property
    def name(self) -> str:
        if self.kind == self.Kind.LEGAL:
            return self.organisation_name
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def sort_name(self) -> str:
        if self.kind == self.Kind.LEGAL:
            return self.organisation_name
        return ", ".join(part for part in (self.last_name, self.first_name) if part)

    @property
    def address_lines(self) -> list[str]:
        lines = [self.street, " ".join(filter(None, [self.postcode, self.city]))]
        if self.country and self.country != "BE":
            lines.append(self.country)
        return [line for line in lines if line]

    @property
    def domicile(self) -> str:
        return ", ".join(self.address_lines)


class Consent(models.Model):
    """What a person agreed to, per purpose, when, and when they withdrew it."""

    class Purpose(models.TextChoices):
        STATUTES = "statutes", _("Statutes")
        PRIVACY = "privacy", _("Privacy statement")
        NEWSLETTER = "newsletter", _("Newsletter")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "purpose", "-given_at"]

    def __str__(self):
        return f"{self.person} · {self.get_purpose_display()}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class Counter(models.Model):
    """A gapless number series of this buurtpunt (member numbers, register entries).

    Numbers are drawn under a row lock in the transaction that uses them: when
    that transaction rolls back, so does the number, and no gap is left.
    """

    name = models.CharField(max_length=40, unique=True)
    value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name}={self.value}"
