"""Builders for the cms tests: a whole site in a tenant, each text marked with the tenant's label.

Pages are published through revisions, as the admin does. Each test runs in a
rolled-back transaction, so every test builds its own sites.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from PIL import Image as PILImage


def publish(parent, page):
    """Add ``page`` under ``parent`` and publish it through a revision."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def home():
    from cms.models import HomePage

    return HomePage.objects.get()


def make_image(title: str, colour: str = "green"):
    from wagtail.images.models import Image

    buffer = BytesIO()
    PILImage.new("RGB", (800, 450), colour).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def contact_fields():
    return [
        {"label": "Naam", "field_type": "singleline", "required": True},
        {"label": "E-mail", "field_type": "email", "required": True},
        {"label": "Bericht", "field_type": "multiline", "required": True},
    ]


def build_site(label: str) -> SimpleNamespace:
    """Inside the current tenant: one page of every type, and a supplier, all named after
    ``label``."""
    from cms.models import (
        AgendaIndexPage,
        ContactFormField,
        ContactPage,
        ContentPage,
        EventPage,
        MobipuntPage,
        NewsIndexPage,
        NewsItemPage,
        ServicesPage,
        Supplier,
        SuppliersPage,
    )

    root = home()
    now = timezone.now()
    site = SimpleNamespace(label=label, home=root)
    site.content = publish(
        root,
        ContentPage(
            title=f"Over {label}",
            slug="over-ons",
            intro=f"Intro van {label}",
            body=[("rich_text", f"<p>Tekst van {label}</p>")],
        ),
    )
    site.news = publish(root, NewsIndexPage(title="Nieuws", slug="nieuws"))
    site.news_item = publish(
        site.news,
        NewsItemPage(
            title=f"Nieuws uit {label}",
            slug="nieuws-item",
            date=now.date(),
            intro=f"Kort nieuws van {label}",
            body=[("rich_text", f"<p>Lang nieuws van {label}</p>")],
        ),
    )
    site.agenda = publish(root, AgendaIndexPage(title="Agenda", slug="agenda"))
    site.event = publish(
        site.agenda,
        EventPage(
            title=f"Repair café {label}",
            slug="repair-cafe",
            start=now + timedelta(days=3),
            end=now + timedelta(days=3, hours=2),
            place=f"Zaal {label}",
            price="Gratis",
            repeat="weekly",
            repeat_count=4,
        ),
    )
    site.services = publish(
        root,
        ServicesPage(
            title="Diensten",
            slug="diensten",
            services=[
                ("cafe", {"title": f"Café {label}", "icon": "", "text": "<p>Koffie</p>"}),
                ("parcel_point", {"title": f"Pakjespunt {label}", "icon": "parcel", "text": ""}),
            ],
        ),
    )
    site.supplier = Supplier.objects.create(
        name=f"Hoeve {label}",
        category="vegetables",
        products="Aardappelen, prei",
        village=f"Dorp {label}",
        season_winter=False,
    )
    site.suppliers = publish(root, SuppliersPage(title="Leveranciers", slug="leveranciers"))
    site.mobipunt = publish(
        root,
        MobipuntPage(
            title="Mobipunt",
            slug="mobipunt",
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
        ),
    )
    contact = ContactPage(
        title="Contact",
        slug="contact",
        intro=f"<p>Schrijf {label}</p>",
        to_address=f"team@{label.lower()}.test",
        subject="",
    )
    for order, spec in enumerate(contact_fields()):
        contact.form_fields.add(ContactFormField(sort_order=order, **spec))
    site.contact = publish(root, contact)
    return site


@pytest.fixture
def sites(tenant_a, tenant_b):
    """A full site in each tenant: ``sites.a`` (label "Alfa") and ``sites.b`` ("Bravo")."""
    built = {}
    for key, tenant, label in (("a", tenant_a, "Alfa"), ("b", tenant_b, "Bravo")):
        with tenant_context(tenant):
            built[key] = build_site(label)
    connection.set_schema_to_public()
    return SimpleNamespace(**built)


def queued(task_path: str):
    """The jobs of ``task_path`` waiting in the queue (public schema), oldest first."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(task_path=task_path, status=TaskResultStatus.READY).order_by(
            "enqueued_at"
        )
    )


def run_queued(task_path: str) -> list:
    """Run the waiting jobs of ``task_path`` here, each in the schema it was enqueued from,
    as the worker would (the worker itself is tested in tests/tenants/test_tasks.py)."""
    from django.utils.module_loading import import_string
    from django_tasks.base import TaskResultStatus

    from tenants.models import Buurtpunt

    task = import_string(task_path)
    results = []
    for job in queued(task_path):
        data = job.args_kwargs
        with tenant_context(Buurtpunt.objects.get(schema_name=data["schema"])):
            results.append(task.call(*data["args"], **data["kwargs"]))
        connection.set_schema_to_public()
        job.status = TaskResultStatus.SUCCESSFUL
        job.save(update_fields=["status"])
    return results
