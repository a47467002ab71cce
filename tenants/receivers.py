"""Receivers of the tenant registry, connected in TenantsConfig.ready()."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import schema_context

from core.constants import PUBLIC_SCHEMA

from .middleware import host_cache_key
from .models import Buurtpunt, Domain


def _forget_hosts(hosts) -> None:
    # Host lookups are cached in the public schema's key space.
    with schema_context(PUBLIC_SCHEMA):
        cache.delete_many([host_cache_key(host) for host in hosts])


@receiver([post_save, post_delete], sender=Buurtpunt)
def forget_tenant_hosts(sender, instance, **kwargs):
    hosts = list(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
    _forget_hosts([*hosts, instance.primary_domain])


@receiver([post_save, post_delete], sender=Domain)
def forget_domain_host(sender, instance, **kwargs):
    _forget_hosts([instance.domain])
