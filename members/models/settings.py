"""How the buurtpunt's statutes shape membership: one Wagtail site setting."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class VotingRule(models.TextChoices):
    PER_PERSON = "per_person", _("One vote per shareholder")
    PER_SHARE = "per_share", _("One vote per share (per class as set)")


@register_setting(icon="group")
class CooperativeSettings(BaseSiteSetting):
    """What the statutes say about shares and shareholders, as the register needs it."""

    auto_approve = models.BooleanField(
        _("approve paid requests automatically"),
        default=False,
        help_text=_(
            "A request that is paid and within the limits of its class becomes effective "
            "at once. Off: the board approves each request."
        ),
    )
    accredited = models.BooleanField(
        _("accredited cooperative (NRC)"),
        default=False,
        help_text=_(
            "Accredited by the National Council for Cooperation: nobody has more than "
            "a tenth of the votes at a general meeting, and dividends are capped at 6%."
        ),
    )
    voting_rule = models.CharField(
        _("votes at the general meeting"),
        max_length=12,
        choices=VotingRule.choices,
        default=VotingRule.PER_PERSON,
    )
    financial_year_start_month = models.PositiveSmallIntegerField(
        _("financial year starts in month"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    exit_window_months = models.PositiveSmallIntegerField(
        _("months to resign shares"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Shareholders may ask to redeem shares in the first months of the year."),
    )
    statutes = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("statutes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the sign-up form: people agree to them."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    board_email = models.EmailField(
        _("e-mail of the board"),
        blank=True,
        help_text=_("Hears of new requests; also the reply address of the members' mails."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("auto_approve"), FieldPanel("board_email")], heading=_("Requests")
        ),
        MultiFieldPanel(
            [
                FieldPanel("voting_rule"),
                FieldPanel("accredited"),
                FieldPanel("financial_year_start_month"),
                FieldPanel("exit_window_months"),
            ],
            heading=_("Statutes"),
        ),
        MultiFieldPanel([FieldPanel("statutes"), FieldPanel("privacy_page")], heading=_("Links")),
    ]

    class Meta:
        verbose_name = _("cooperative")
