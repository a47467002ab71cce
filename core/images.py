"""An optional image with the alternative text it needs, for pages and snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model_string


class ImageWithAlt(models.Model):
    """Adds ``image`` and ``image_alt``; the text is required once an image is chosen
    (``image_errors()`` gives the message for the model's ``clean()``)."""

    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text of the image"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )

    class Meta:
        abstract = True

    def image_errors(self) -> dict:
        if self.image_id and not self.image_alt.strip():
            return {"image_alt": _("Describe the image for people who cannot see it.")}
        return {}
