"""Factories for the test data: pages, suppliers, images and users of a buurtpunt.

Everything here lives in a tenant schema, so call the factories inside
``tenant_context(...)``. Pages are added under ``parent`` (by default the
tenant's home page, or its news index or agenda for items and events) and
published through a revision, as the admin does; ``published=False`` leaves a
draft. Each test runs in a rolled-back transaction and builds its own data.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import factory
from django.apps import apps
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from core import localtime
from tests.conftest import PASSWORD


def home():
    """The home page of the site of the tenant the connection is in."""
    return Site.objects.get(is_default_site=True).root_page.specific


def _first_or_create(model_path: str, factory_class):
    """The first page of a type in the tenant, or a new one (the parent of items and events)."""
    return apps.get_model(model_path).objects.order_by("path").first() or factory_class()


class PageFactory(DjangoModelFactory):
    """A page under ``parent``, published through a revision unless ``published=False``."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Pagina {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    parent = factory.LazyFunction(home)
    published = True

    @classmethod
    def _create(cls, model_class, *args, parent, published, **kwargs):
        page = model_class(*args, live=False, **kwargs)
        parent.add_child(instance=page)
        revision = page.save_revision()
        if published:
            revision.publish()
        page.refresh_from_db()
        return page


class HomePageFactory(PageFactory):
    """Another site's home page in the same schema (a tenant has one; the selectors
    must still keep to one site's tree)."""

    class Meta:
        model = "cms.HomePage"

    parent = factory.LazyFunction(Page.get_first_root_node)


class ContentPageFactory(PageFactory):
    class Meta:
        model = "cms.ContentPage"


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = "cms.NewsIndexPage"

    title = "Nieuws"


class NewsItemPageFactory(PageFactory):
    class Meta:
        model = "cms.NewsItemPage"

    parent = factory.LazyFunction(
        lambda: _first_or_create("cms.NewsIndexPage", NewsIndexPageFactory)
    )
    date = factory.LazyFunction(localtime.today)


class AgendaIndexPageFactory(PageFactory):
    class Meta:
        model = "cms.AgendaIndexPage"

    title = "Agenda"


class EventPageFactory(PageFactory):
    class Meta:
        model = "cms.EventPage"

    parent = factory.LazyFunction(
        lambda: _first_or_create("cms.AgendaIndexPage", AgendaIndexPageFactory)
    )
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda event: event.start + timedelta(hours=2))


class ServicesPageFactory(PageFactory):
    class Meta:
        model = "cms.ServicesPage"

    title = "Diensten"


class SuppliersPageFactory(PageFactory):
    class Meta:
        model = "cms.SuppliersPage"

    title = "Leveranciers"


class MobipuntPageFactory(PageFactory):
    class Meta:
        model = "cms.MobipuntPage"

    title = "Mobipunt"


def contact_fields() -> list:
    from cms.models import ContactFormField

    specs = [
        ("Naam", "singleline"),
        ("E-mail", "email"),
        ("Bericht", "multiline"),
    ]
    return [
        ContactFormField(sort_order=order, label=label, field_type=field_type, required=True)
        for order, (label, field_type) in enumerate(specs)
    ]


class ContactPageFactory(PageFactory):
    class Meta:
        model = "cms.ContactPage"

    title = "Contact"
    to_address = "team@example.org"
    form_fields = factory.LazyFunction(contact_fields)


class SupplierFactory(DjangoModelFactory):
    class Meta:
        model = "cms.Supplier"

    name = factory.Sequence(lambda n: f"Hoeve {n}")
    category = "vegetables"
    products = "Aardappelen, prei"


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = "wagtailimages.Image"

    title = factory.Sequence(lambda n: f"Beeld {n}")
    file = factory.django.ImageField(
        width=800, height=450, color="green", format="PNG", filename="beeld.png"
    )


class UserFactory(DjangoModelFactory):
    """A user of the schema the connection is in (each buurtpunt has its own users)."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"vrijwilliger{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


def build_site(label: str) -> SimpleNamespace:
    """Inside the current tenant: one page of every type and a supplier, each text
    marked with ``label`` so a test sees whose content a page shows."""
    now = timezone.now()
    site = SimpleNamespace(label=label, home=home())
    site.content = ContentPageFactory(
        title=f"Over {label}",
        slug="over-ons",
        intro=f"Intro van {label}",
        body=[("rich_text", f"<p>Tekst van {label}</p>")],
    )
    site.news = NewsIndexPageFactory()
    site.news_item = NewsItemPageFactory(
        parent=site.news,
        title=f"Nieuws uit {label}",
        slug="nieuws-item",
        date=localtime.today(),
        intro=f"Kort nieuws van {label}",
        body=[("rich_text", f"<p>Lang nieuws van {label}</p>")],
    )
    site.agenda = AgendaIndexPageFactory()
    site.event = EventPageFactory(
        parent=site.agenda,
        title=f"Repair café {label}",
        slug="repair-cafe",
        start=now + timedelta(days=3),
        place=f"Zaal {label}",
        price="Gratis",
        repeat="weekly",
        repeat_count=4,
    )
    site.services = ServicesPageFactory(
        services=[
            ("cafe", {"title": f"Café {label}", "icon": "", "text": "<p>Koffie</p>"}),
            ("parcel_point", {"title": f"Pakjespunt {label}", "icon": "parcel", "text": ""}),
        ],
    )
    site.supplier = SupplierFactory(
        name=f"Hoeve {label}", village=f"Dorp {label}", season_winter=False
    )
    site.suppliers = SuppliersPageFactory()
    site.mobipunt = MobipuntPageFactory(
        vehicles=[
            (
                "cargo_bike",
                {
                    "name": f"Bakfiets {label}",
                    "description": "<p>Elektrische bakfiets</p>",
                    "how_to_book": "<p>Bel ons</p>",
                    "deposit": "€ 50",
                    "price": "€ 5 per dag",
                },
            )
        ],
    )
    site.contact = ContactPageFactory(
        intro=f"<p>Schrijf {label}</p>", to_address=f"team@{label.lower()}.test"
    )
    return site
