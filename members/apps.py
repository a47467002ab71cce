from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and shares")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from payments import signals as payment_signals

        from . import receivers

        payment_signals.payment_paid.connect(
            receivers.subscription_payment_paid, dispatch_uid="members.subscription_payment_paid"
        )
        payment_signals.payment_paid.connect(
            receivers.fee_payment_paid, dispatch_uid="members.fee_payment_paid"
        )
