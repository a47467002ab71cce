"""Demo content of the buurtpunt sites, read from ``cms/demo/<buurtpunt>.toml``.

``seed_demo`` calls ``seed`` (see ``core.hooks``). ``beveren`` gets a full site
in the spirit of Dorpspunt Beveren aan de IJzer (short-chain shop, café corner,
mobipunt, repair café, village restaurant); ``zonnegem`` a smaller one; any
other buurtpunt nothing. The data files hold every text and say what is on the
site (their header explains the few words they use); this module only knows
how to write it:

1. Each page is looked up by its slug under its parent and only created when
   missing, so running the seed again changes nothing and never overwrites
   what a team edited. Pages are published through revisions, as the admin
   does; the sections right under the home page make up the main menu.
2. Suppliers are added when none has that name.
3. The home page gets its texts and body last (its blocks link to the pages),
   and only while its body is still empty.

Dates are set from the day of the first seed, clock times are Brussels time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from django.apps import apps
from django.db import models
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.models import ContactFormField, HomePage, Supplier
from core import localtime
from core.demo_dates import relative_day

DATA_DIR = Path(__file__).parent


def seed(buurtpunt) -> list[str]:
    """Fill the site of ``buurtpunt`` (the current tenant); returns what it added."""
    data = load(buurtpunt.schema_name)
    if data is None:
        return []
    home = HomePage.objects.first()
    if home is None:
        return []
    run = _Run(
        home=home,
        today=localtime.today(),
        placeholders={"{domain}": buurtpunt.primary_domain, "{base_url}": buurtpunt.base_url},
    )
    for spec in data.get("pages", []):
        _ensure_page(run, spec)
    for spec in data.get("suppliers", []):
        _ensure_supplier(run, spec)
    if "home" in data:
        _ensure_home(run, data["home"])
    return run.made


def load(slug: str) -> dict | None:
    """The demo data of the buurtpunt ``slug``, or None when it has none."""
    path = DATA_DIR / f"{slug}.toml"
    if not path.is_file():
        return None
    return tomllib.loads(path.read_text(encoding="utf-8"))


@dataclass
class _Run:
    """One seeding of one site: the pages met so far by slug path, and what was added."""

    home: Page
    today: date
    placeholders: dict[str, str]
    pages: dict[str, Page] = field(default_factory=dict)
    made: list[str] = field(default_factory=list)

    def page(self, path: str) -> Page:
        if path == "":
            return self.home
        try:
            return self.pages[path]
        except KeyError:
            raise ValueError(f"demo page {path!r} is not listed before it is used") from None

    def fill(self, text: str) -> str:
        for placeholder, value in self.placeholders.items():
            text = text.replace(placeholder, value)
        return text


# --- writing -------------------------------------------------------------------------


def _ensure_page(run: _Run, spec: dict) -> None:
    spec = dict(spec)
    path = spec.pop("path")
    parent_path, _, slug = path.rpartition("/")
    parent = run.page(parent_path)
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        run.pages[path] = existing.specific
        return
    model = apps.get_model("cms", spec.pop("type"))
    form_fields = spec.pop("form_fields", [])
    page = model(slug=slug, **_field_values(run, model, spec))
    for order, form_field in enumerate(form_fields):
        page.form_fields.add(_form_field(order, form_field))
    page.live = False
    # The sections right under the home page make up the site's main menu.
    page.show_in_menus = parent.depth == run.home.depth
    parent.add_child(instance=page)
    page.save_revision().publish()
    run.pages[path] = page
    run.made.append(page.url_path)


def _ensure_supplier(run: _Run, spec: dict) -> None:
    if not Supplier.objects.filter(name=spec["name"]).exists():
        Supplier.objects.create(**spec)
        run.made.append(f"supplier {spec['name']}")


def _ensure_home(run: _Run, spec: dict) -> None:
    home = run.home
    if home.body:
        return  # the team has made it their own
    for name, value in _field_values(run, type(home), dict(spec)).items():
        setattr(home, name, value)
    home.save_revision().publish()
    run.made.append("home page")


def _form_field(order: int, spec: dict):
    choices = "\n".join(spec.get("choices", []))
    return ContactFormField(sort_order=order, **{**spec, "choices": choices})


# --- reading -------------------------------------------------------------------------


def _field_values(run: _Run, model: type[models.Model], spec: dict) -> dict:
    """The model field values a page's entry describes (``spec`` loses its ``day``)."""
    day = relative_day(spec.pop("day"), run.today) if "day" in spec else None
    return {
        name: _field_value(run, model._meta.get_field(name), value, day)
        for name, value in spec.items()
    }


def _field_value(run: _Run, model_field, value, day: date | None):
    if isinstance(model_field, StreamField):
        return _stream(run, model_field.stream_block, value)
    if isinstance(model_field, models.DateTimeField):
        if day is None:
            raise ValueError(f"{model_field.name} = {value!r} needs a day")
        return localtime.at(day, _clock(value))
    if isinstance(model_field, models.DateField):
        return relative_day(value, run.today)
    if isinstance(value, str):
        return run.fill(value)
    return value


def _clock(text: str) -> time:
    return time.fromisoformat(text.zfill(5))


def _stream(run: _Run, stream_block: blocks.StreamBlock, items: list[dict]) -> list[tuple]:
    """``(type, value)`` pairs of a StreamField, each value complete with its defaults."""
    stream = []
    for item in items:
        block = stream_block.child_blocks[item["type"]]
        stream.append((item["type"], block.to_python(_raw(run, block, item["value"]))))
    return stream


def _raw(run: _Run, block: blocks.Block, value):
    """A block's value as Wagtail stores it: chosen pages by id instead of slug path."""
    if isinstance(block, blocks.PageChooserBlock):
        return run.page(value).pk if value else None
    if isinstance(block, blocks.StructBlock):
        return _raw_struct(run, block, value)
    if isinstance(value, str):
        return run.fill(value)
    return value


def _raw_struct(run: _Run, block: blocks.StructBlock, value: dict) -> dict:
    if unknown := set(value) - set(block.child_blocks):
        raise ValueError(f"{block.name or 'block'} has no {sorted(unknown)}")
    return {
        name: _raw(run, child, value[name]) if name in value else _left_empty(run, child)
        for name, child in block.child_blocks.items()
    }


def _left_empty(run: _Run, block: blocks.Block):
    """What the admin stores for a field an editor leaves empty ("" for a text, not None)."""
    if isinstance(block, blocks.StructBlock):
        return _raw_struct(run, block, {})
    return block.get_prep_value(block.clean(block.get_default()))
