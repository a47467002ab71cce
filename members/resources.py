"""The spreadsheets of the member administration, one django-import-export resource
per kind of file: people, the share register's opening balance, memberships of the
vzw, and membership fee payments.

A resource says which columns a file has, how a cell becomes a value, how a row
is checked, and how it is written: people directly (with a log entry), register
entries, memberships and fee payments through the services that keep their
rules (``register_entry_write``, ``membership_admit`` ...). Every refusal is a
``ValidationError`` keyed by the column it concerns, in the active language;
``members.imports`` turns them into the dry run's table.

Columns are known by a key (the model field's name where there is one). Headers
are written in Dutch, the site's language (the field's verbose name), and read
in any of the site's languages, as the key itself, or as a few usual Dutch
spellings. Exports neutralise every text that a spreadsheet would run as a
formula (``members.validators.neutralise_formula``).
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from wagtail.log_actions import log

from core import localtime
from core.errors import ServiceError
from payments.validators import normalize_iban

from .countries import COUNTRIES
from .models import (
    MAX_SHARES,
    Counter,
    FeeDue,
    ImportJob,
    Membership,
    MembershipType,
    Person,
    RegisterEntry,
    ShareClass,
)
from .validators import (
    FORMULA_START,
    neutralise_formula,
    normalize_company_number,
    validate_phone,
    validate_postcode,
)

logger = logging.getLogger(__name__)

#: The key of the column that carries a row's number in the file (never a header).
ROW_KEY = "__row__"
COOPERATIVE_FORMS = ("cv", "cv+vzw")
VZW_FORMS = ("vzw", "cv+vzw")
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("100000000")
MAX_MEMBER_NUMBER = 2_000_000_000


# --- cells ------------------------------------------------------------------------------


def cell_text(value) -> str:
    """A cell as text, the way the person saw it: no surrounding spaces, a whole
    number without ".0", a date as 2024-12-31, no quote that an export put before a
    formula sign, and never a NUL (PostgreSQL refuses it)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\x00", "").strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        # Our own exports write '+32 ... so that no spreadsheet runs it: read it back as typed.
        return text[1:]
    return text


def simplified(text: str) -> str:
    """``text`` compared loosely: lower case, no accents, letters and digits only."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _shown(value: str, limit: int = 40) -> str:
    """A piece of the user's input, short enough for a message."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


class Text(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class Whole(widgets.Widget):
    """A whole number (a member number, a quantity of shares, a year)."""

    def __init__(self, *, maximum: int = MAX_MEMBER_NUMBER, signed: bool = False):
        super().__init__()
        self.maximum = maximum
        self.signed = signed

    def clean(self, value, row=None, **kwargs):
        text = re.sub(r"[\s\u00a0]", "", cell_text(value))
        if not text:
            return None
        pattern = r"[+-]?[0-9]+" if self.signed else r"\+?[0-9]+"
        if not re.fullmatch(pattern, text):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": _shown(text)})
        number = int(text)
        if abs(number) > self.maximum:
            raise ValueError(
                _("%(value)s is more than %(maximum)s.") % {"value": text, "maximum": self.maximum}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        return value


def parse_amount(value) -> Decimal | None:
    """An amount in euro as Belgians write it (50,00 · 1.250,50 · € 50) or as a number."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    if isinstance(value, int | Decimal):
        return Decimal(value).quantize(CENT)
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(CENT)
    text = re.sub(r"[\s\u00a0€]|EUR", "", cell_text(value), flags=re.IGNORECASE)
    if not text:
        return None
    if "," in text and "." in text:
        # The separator that comes last separates the cents.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        raise ValueError(
            _("“%(value)s” is not an amount: write it as 50,00.") % {"value": _shown(text)}
        )
    try:
        return Decimal(text).quantize(CENT)
    except InvalidOperation as exc:
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": _shown(text)}) from exc


class Amount(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        amount = parse_amount(value)
        if amount is not None and not Decimal("0") <= amount < MAX_AMOUNT:
            raise ValueError(_("An amount cannot be below zero."))
        return amount

    def render(self, value, obj=None, **kwargs):
        return value


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value) -> date | None:
    """A date as a spreadsheet gives it, or written 31/12/2024 or 2024-12-31
    (day before month, as in Belgium; never the American order)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 80000:
        from openpyxl.utils.datetime import from_excel

        # A date cell without a date format: the spreadsheet's day number.
        return from_excel(value).date()
    text = cell_text(value)
    text = re.split(r"[T ]", text, maxsplit=1)[0] if re.match(r"\d{4}-", text) else text
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a day, no time
        except ValueError:
            continue
    raise ValueError(
        _("“%(value)s” is not a date: write it as 31/12/2024 or 2024-12-31.")
        % {"value": _shown(text)}
    )


class Day(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value


class Choice(widgets.Widget):
    """One of a few values, written as its code, its label in any of the site's
    languages, or one of a few usual words (``aliases``: simplified word -> code)."""

    def __init__(self, choices, *, aliases: dict | None = None, default=None):
        super().__init__()
        self.choices = choices
        self.aliases = aliases or {}
        self.default = default
        self._spellings = None

    def spellings(self) -> dict[str, str]:
        if self._spellings is None:
            spellings = {}
            for code, label in self.choices:
                spellings[simplified(code)] = code
                for language, _name in settings.LANGUAGES:
                    with translation.override(language):
                        spellings[simplified(str(label))] = code
            spellings.update(self.aliases)
            self._spellings = spellings
        return self._spellings

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return self.default
        code = self.spellings().get(simplified(text))
        if code is None:
            raise ValueError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {
                    "value": _shown(text),
                    "choices": ", ".join(str(label) for _code, label in self.choices),
                }
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


YES = {"1", "x", "ja", "j", "yes", "y", "true", "waar", "oui"}
NO = {"0", "nee", "n", "no", "false", "onwaar", "non"}


class YesNo(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = simplified(cell_text(value))
        if not text or text in NO:
            return False
        if text in YES:
            return True
        raise ValueError(_("Write yes or no (ja or nee)."))

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


class Column(fields.Field):
    """A column of a file: its key, the header people see, and other ways to write it."""

    def __init__(
        self,
        key: str,
        label,
        *,
        attribute: str | None = None,
        widget=None,
        aliases: tuple[str, ...] = (),
        export_only: bool = False,
    ):
        super().__init__(
            attribute=attribute, column_name=key, widget=widget or Text(), readonly=export_only
        )
        self.key = key
        self.label = label
        self.aliases = aliases
        self.export_only = export_only

    def header(self) -> str:
        """The header as written in files: the site's language."""
        with translation.override(settings.LANGUAGE_CODE):
            return capfirst(str(self.label))

    def spellings(self) -> set[str]:
        found = {simplified(self.key), *(simplified(alias) for alias in self.aliases)}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found.add(simplified(str(self.label)))
        return found


def verbose(model, name: str):
    return model._meta.get_field(name).verbose_name


# --- what the resources share -------------------------------------------------------------


class ImportResource(resources.ModelResource):
    """A resource of ours: columns with headers, rows numbered as in the file,
    problems collected per row and column, progress reported as rows go by."""

    kind = ""
    #: Groups of column keys: the file must have at least one column of each group.
    required_columns: tuple[tuple[str, ...], ...] = ()
    #: Permissions (all of them) to import, and (any of them) to export.
    import_permissions: tuple[str, ...] = ()
    export_permissions: tuple[str, ...] = ()
    #: Legal forms of the buurtpunt that keep this kind of data.
    legal_forms: tuple[str, ...] = ("cv", "vzw", "cv+vzw")

    class Meta:
        skip_diff = True
        skip_html_diff = True
        report_skipped = True
        clean_model_instances = False
        use_transactions = True

    def __init__(self, *, actor=None, job_id: int | None = None, progress=None):
        super().__init__()
        self.actor = actor if getattr(actor, "pk", None) else None
        self.job_id = job_id
        self.progress = progress
        self.problems: list[dict] = []
        self.counts: dict[str, int] = {}
        self.rows_done = 0
        self.rows_with_errors = 0
        #: Set by the caller: True when nothing will be kept (a resource may then write less).
        self.dry_run = False
        self._columns = None

    # columns and headers

    @classmethod
    def columns(cls) -> list[Column]:
        """The columns, in their order (the class's own: for headers, not for rows)."""
        return [field for field in cls().get_export_fields() if isinstance(field, Column)]

    @classmethod
    def import_columns(cls) -> list[Column]:
        return [column for column in cls.columns() if not column.export_only]

    def _row_columns(self) -> list[Column]:
        """This import's columns that set a field, read once (a row reads them all)."""
        if self._columns is None:
            self._columns = [
                field
                for field in self.get_export_fields()
                if isinstance(field, Column) and not field.export_only and field.attribute
            ]
        return self._columns

    def get_export_headers(self, selected_fields=None):
        return [field.header() for field in self.get_export_fields(selected_fields)]

    @classmethod
    def label_of(cls, key: str) -> str:
        for column in cls.columns():
            if column.key == key:
                return capfirst(str(column.label))
        return ""

    # the rows of an import

    def sort_rows(self, rows: list[dict]) -> list[dict]:
        """The order in which rows are written (the file's, unless a resource needs
        another: the register is written in date order)."""
        return rows

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        self._collect(row, row_result)
        self.rows_done += 1
        if self.progress is not None:
            self.progress(self.rows_done)
        return row_result

    def _collect(self, row, row_result) -> None:
        number = row.get(ROW_KEY)
        found = []
        if row_result.validation_error is not None:
            error = row_result.validation_error
            items = error.message_dict.items() if hasattr(error, "error_dict") else []
            if not hasattr(error, "error_dict"):
                items = [(NON_FIELD_ERRORS, error.messages)]
            for key, messages in items:
                found.extend((key, str(message)) for message in messages)
        for error in row_result.errors:
            found.append((NON_FIELD_ERRORS, self.describe_exception(error.error)))
        if found:
            self.rows_with_errors += 1
        for key, message in found:
            self.problems.append(
                {"row": number, "field": "" if key == NON_FIELD_ERRORS else key, "message": message}
            )

    @staticmethod
    def describe_exception(exc) -> str:
        if isinstance(exc, ServiceError):
            return exc.message
        logger.error("Import row failed", exc_info=exc)
        return _("This row could not be written (%(error)s). Nothing was imported.") % {
            "error": type(exc).__name__
        }

    def import_instance(self, instance, row, **kwargs):
        """Set the instance's fields from the row; collect every column's error."""
        errors = {}
        for column in self._row_columns():
            if column.key not in row:
                continue
            try:
                value = column.clean(row)
            except ValueError as exc:
                errors[column.key] = [str(exc)]
                continue
            if self.keeps_blank(instance, value):
                continue
            setattr(instance, column.attribute, value)
        self.check(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def keeps_blank(self, instance, value) -> bool:
        return False

    def check(self, instance, row, errors: dict) -> None:
        """Rules over several columns; add messages to ``errors`` (key -> list)."""

    def after_import(self, dataset, result, **kwargs):
        # ModelResource resets the table's id sequence here; ours are left alone.
        pass

    @staticmethod
    def refuse(exc: ServiceError, default_key: str, fields_map: dict | None = None):
        key = (fields_map or {}).get(exc.field, exc.field) or default_key
        raise ValidationError({key: [exc.message]})


def add_error(errors: dict, key: str, message) -> None:
    errors.setdefault(key, []).append(str(message))


class PersonLookup:
    """Who a row of a file means: people found by member number or e-mail address,
    read once per import and kept up to date as rows add people."""

    def __init__(self):
        self.by_number: dict[int, Person] = {}
        self.by_email: dict[str, list[Person]] = {}
        for person in Person.objects.all():
            self.add(person)

    def add(self, person: Person) -> None:
        if person.member_number is not None:
            self.by_number[person.member_number] = person
        if person.email:
            people = self.by_email.setdefault(person.email.lower(), [])
            if person not in people:
                people.append(person)

    def find(self, row: dict, errors: dict, *, number_key="member_number", email_key="email"):
        """The one person a row names by member number or e-mail; None with a message
        in ``errors`` when there is none, or more than one."""
        try:
            number = Whole().clean(row.get(number_key))
        except ValueError as exc:
            add_error(errors, number_key, exc)
            return None
        email = cell_text(row.get(email_key)).lower()
        if number is not None:
            person = self.by_number.get(number)
            if person is None:
                add_error(
                    errors, number_key, _("No person has member number %(n)d.") % {"n": number}
                )
            elif email and person.email and email != person.email.lower():
                add_error(
                    errors,
                    email_key,
                    _("Member number %(n)d is %(name)s, whose e-mail address is not %(email)s.")
                    % {"n": number, "name": person, "email": _shown(email)},
                )
                return None
            return self._not_erased(person, errors, number_key)
        if not email:
            add_error(errors, number_key, _("Give the member number or the e-mail address."))
            return None
        people = [p for p in self.by_email.get(email, []) if p.erased_at is None]
        if not people:
            add_error(
                errors,
                email_key,
                _("Nobody has the e-mail address %(email)s.") % {"email": _shown(email)},
            )
            return None
        if len(people) > 1:
            add_error(
                errors,
                email_key,
                _("%(count)d people share the e-mail address %(email)s: give the member number.")
                % {"count": len(people), "email": _shown(email)},
            )
            return None
        return people[0]

    @staticmethod
    def _not_erased(person, errors, key):
        if person is not None and person.erased_at is not None:
            add_error(errors, key, _("This person's data were erased."))
            return None
        return person


# --- people ---------------------------------------------------------------------------------

KIND_ALIASES = {
    "natuurlijk": Person.Kind.NATURAL,
    "natuurlijkpersoon": Person.Kind.NATURAL,
    "persoon": Person.Kind.NATURAL,
    "particulier": Person.Kind.NATURAL,
    "natural": Person.Kind.NATURAL,
    "rechtspersoon": Person.Kind.LEGAL,
    "organisatie": Person.Kind.LEGAL,
    "bedrijf": Person.Kind.LEGAL,
    "vereniging": Person.Kind.LEGAL,
    "legal": Person.Kind.LEGAL,
}
LANGUAGE_ALIASES = {
    "nederlands": "nl",
    "dutch": "nl",
    "vlaams": "nl",
    "engels": "en",
    "english": "en",
}
COUNTRY_ALIASES = {"belgie": "BE", "belgique": "BE", "belgien": "BE", "nederland": "NL"}
# The fields a person's row sets; the member number and the kind are handled apart.
PERSON_FIELDS = (
    "first_name",
    "last_name",
    "organisation_name",
    "company_number",
    "street",
    "postcode",
    "city",
    "country",
    "email",
    "phone",
    "language",
    "iban",
)


def _same(a: str, b: str) -> bool:
    return " ".join((a or "").split()).casefold() == " ".join((b or "").split()).casefold()


class PersonResource(ImportResource):
    """People, natural or legal, with their address and ways to reach them.

    A row updates the person with its member number, or else the person with
    its e-mail address and name (a family may share one address: a different
    name is a different person); otherwise it adds a person. A member number in
    the file is kept when nobody else has it. An empty cell leaves what is
    stored as it is.
    """

    kind = ImportJob.Kind.PEOPLE
    required_columns = (("last_name", "organisation_name"), ("postcode",))
    import_permissions = ("members.change_person",)
    export_permissions = ("members.view_person", "members.change_person")

    # Not set like the other columns: a member number is kept, never changed (see _match).
    member_number = Column(
        "member_number",
        verbose(Person, "member_number"),
        widget=Whole(),
        aliases=("lidnummer", "lidnr", "nummer", "nr"),
    )
    person_kind = Column(
        "kind",
        verbose(Person, "kind"),
        attribute="kind",
        widget=Choice(Person.Kind.choices, aliases=KIND_ALIASES),
        aliases=("soort", "type"),
    )
    first_name = Column(
        "first_name", verbose(Person, "first_name"), attribute="first_name", aliases=("voornaam",)
    )
    last_name = Column(
        "last_name",
        verbose(Person, "last_name"),
        attribute="last_name",
        aliases=("familienaam", "naam", "achternaam"),
    )
    organisation_name = Column(
        "organisation_name",
        verbose(Person, "organisation_name"),
        attribute="organisation_name",
        aliases=("organisatie", "bedrijfsnaam", "naam organisatie", "naam van de organisatie"),
    )
    company_number = Column(
        "company_number",
        verbose(Person, "company_number"),
        attribute="company_number",
        aliases=("kbo", "kbonummer", "ondernemingsnummer", "btwnummer", "btw"),
    )
    street = Column(
        "street",
        verbose(Person, "street"),
        attribute="street",
        aliases=("straat", "adres", "straat en nummer"),
    )
    postcode = Column(
        "postcode", verbose(Person, "postcode"), attribute="postcode", aliases=("postnummer",)
    )
    city = Column(
        "city",
        verbose(Person, "city"),
        attribute="city",
        aliases=("gemeente", "woonplaats", "plaats", "stad"),
    )
    country = Column(
        "country",
        verbose(Person, "country"),
        attribute="country",
        widget=Choice(COUNTRIES, aliases=COUNTRY_ALIASES, default=""),
        aliases=("land",),
    )
    email = Column(
        "email", verbose(Person, "email"), attribute="email", aliases=("emailadres", "mail")
    )
    phone = Column(
        "phone",
        verbose(Person, "phone"),
        attribute="phone",
        aliases=("telefoon", "gsm", "telefoonnummer"),
    )
    language = Column(
        "language",
        verbose(Person, "language"),
        attribute="language",
        widget=Choice(settings.LANGUAGES, aliases=LANGUAGE_ALIASES, default=""),
        aliases=("taal",),
    )
    iban = Column(
        "iban", verbose(Person, "iban"), attribute="iban", aliases=("rekeningnummer", "rekening")
    )

    class Meta(ImportResource.Meta):
        model = Person
        fields = (
            "member_number",
            "person_kind",
            "first_name",
            "last_name",
            "organisation_name",
            "company_number",
            "street",
            "postcode",
            "city",
            "country",
            "email",
            "phone",
            "language",
            "iban",
        )
        export_order = fields
        clean_model_instances = True

    def get_queryset(self):
        return Person.objects.filter(erased_at__isnull=True).order_by(
            "member_number", "last_name", "first_name", "organisation_name", "pk"
        )

    def before_import(self, dataset, **kwargs):
        self.lookup = PersonLookup()
        self.seen_numbers: dict[int, int] = {}  # member number -> row
        # Rows by person: by object, since a dry run's new people have no primary key.
        self.seen_people: dict[int, int] = {}
        self.originals: dict[int, dict] = {}
        self.highest_number = 0

    # which person a row means

    def get_or_init_instance(self, instance_loader, row):
        errors: dict = {}
        person = self._match(row, errors)
        if errors:
            raise ValidationError(errors)
        number = self._number(row)
        if person is not None:
            self.originals[person.pk] = {
                name: getattr(person, name) for name in (*PERSON_FIELDS, "kind", "member_number")
            }
            if person.member_number is None and number is not None:
                person.member_number = number  # free: _match checked it
            return person, False
        return Person(member_number=number), True

    @staticmethod
    def _number(row) -> int | None:
        try:
            return Whole().clean(row.get("member_number"))
        except ValueError as exc:
            raise ValidationError({"member_number": [str(exc)]}) from exc

    def _match(self, row, errors) -> Person | None:
        number = self._number(row)
        here = row.get(ROW_KEY)
        if number is not None:
            if number in self.seen_numbers:
                add_error(
                    errors,
                    "member_number",
                    _("Member number %(n)d is on row %(row)d already.")
                    % {"n": number, "row": self.seen_numbers[number]},
                )
                return None
            self.seen_numbers[number] = here
        by_number = self.lookup.by_number.get(number) if number is not None else None
        by_name = self._by_email_and_name(row)
        if by_number is not None:
            if not (self._same_name(by_number, row) or self._same_email(by_number, row)):
                add_error(
                    errors,
                    "member_number",
                    _("Member number %(n)d belongs to %(name)s already.")
                    % {"n": number, "name": by_number},
                )
                return None
            person = by_number
        elif by_name is not None and number is not None and by_name.member_number is not None:
            add_error(
                errors,
                "member_number",
                _("%(name)s with this e-mail address has member number %(n)d, not %(given)d.")
                % {"name": by_name, "n": by_name.member_number, "given": number},
            )
            return None
        else:
            person = by_name
        if person is None:
            return None
        if person.erased_at is not None:
            add_error(errors, "member_number", _("This person's data were erased."))
            return None
        if id(person) in self.seen_people:
            add_error(
                errors,
                NON_FIELD_ERRORS,
                _("This person is on row %(row)d already.") % {"row": self.seen_people[id(person)]},
            )
            return None
        self.seen_people[id(person)] = here
        return person

    def _by_email_and_name(self, row) -> Person | None:
        email = cell_text(row.get("email")).lower()
        for person in self.lookup.by_email.get(email, []) if email else []:
            if self._same_name(person, row):
                return person
        return None

    @staticmethod
    def _same_name(person: Person, row) -> bool:
        organisation = cell_text(row.get("organisation_name"))
        if organisation:
            return _same(person.organisation_name, organisation)
        return _same(person.last_name, cell_text(row.get("last_name"))) and _same(
            person.first_name, cell_text(row.get("first_name"))
        )

    @staticmethod
    def _same_email(person: Person, row) -> bool:
        email = cell_text(row.get("email"))
        return bool(email) and _same(person.email, email)

    # the row's values

    def keeps_blank(self, instance, value) -> bool:
        # An empty cell leaves the stored value alone: a partial file changes only what it says.
        return instance.pk is not None and value in ("", None)

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            # Not the model's default: without a kind in the file, the names decide (check).
            instance.kind = ""
        super().import_instance(instance, row, **kwargs)

    def check(self, person, row, errors) -> None:
        person.kind = person.kind or self._guess_kind(person)
        person.country = person.country or "BE"
        person.language = person.language or settings.LANGUAGE_CODE
        self._check_names(person, errors)
        self._check_address(person, errors)
        if person.email and "email" not in errors:
            try:
                validate_email(person.email)
            except ValidationError:
                add_error(
                    errors,
                    "email",
                    _("“%(value)s” is not an e-mail address.") % {"value": _shown(person.email)},
                )
        self._clean(person, "phone", validate_phone, errors)
        self._clean(person, "iban", normalize_iban, errors)

    def _check_names(self, person, errors) -> None:
        if person.kind == Person.Kind.LEGAL:
            if not person.organisation_name:
                add_error(errors, "organisation_name", _("Enter the name of the organisation."))
            if person.country == "BE" or person.company_number:
                self._clean(person, "company_number", normalize_company_number, errors)
        else:
            if not person.first_name and "first_name" not in errors:
                add_error(errors, "first_name", _("Enter the first name."))
            if not person.last_name and "last_name" not in errors:
                add_error(errors, "last_name", _("Enter the last name."))
            if person.company_number:
                self._clean(person, "company_number", normalize_company_number, errors)

    def _check_address(self, person, errors) -> None:
        for key, message in (
            ("street", _("Enter the street and number.")),
            ("city", _("Enter the municipality.")),
        ):
            if not getattr(person, key) and key not in errors:
                add_error(errors, key, message)
        if "postcode" not in errors and "country" not in errors:
            self._clean(
                person, "postcode", lambda value: validate_postcode(value, person.country), errors
            )

    @staticmethod
    def _guess_kind(person: Person) -> str:
        if person.organisation_name and not (person.first_name or person.last_name):
            return Person.Kind.LEGAL
        return Person.Kind.NATURAL

    @staticmethod
    def _clean(person, key, check, errors) -> None:
        if key in errors:
            return
        try:
            value = check(getattr(person, key))
        except ValidationError as exc:
            errors.setdefault(key, []).extend(exc.messages)
        else:
            if value is not None:
                setattr(person, key, value)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks (lengths, choices) of the fields a file sets; member
        numbers are checked above, against the file as well as the database."""
        errors = dict(import_validation_errors or {})
        checked = {*PERSON_FIELDS, "kind"}
        try:
            instance.full_clean(
                exclude=[
                    f.name for f in Person._meta.fields if f.name not in checked or f.name in errors
                ],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # writing

    def do_instance_save(self, person, is_create):
        """Write the person, or in a dry run only count what would be written: every rule
        of a person is checked above (in memory, against the file and the database), so
        the dry run of a large file need not write and roll back each row."""
        if is_create:
            if not self.dry_run:
                with transaction.atomic():
                    if person.email:
                        # The board vouches for the addresses it imports, as for those it types.
                        person.email_confirmed_at = timezone.now()
                    person.save(force_insert=True)
                    log(
                        person,
                        "members.person.imported",
                        user=self.actor,
                        data={"import": self.job_id},
                    )
            self.count("created")
        else:
            self._update(person)
        self.lookup.add(person)
        if person.member_number:
            self.highest_number = max(self.highest_number, person.member_number)

    def _update(self, person: Person) -> None:
        original = self.originals[person.pk]
        changed = [name for name, value in original.items() if getattr(person, name) != value]
        if original.get("email") != person.email and person.email:
            person.email_confirmed_at = timezone.now()
            changed.append("email_confirmed_at")
        if not changed:
            self.count("unchanged")
            return
        self.count("updated")
        if self.dry_run:
            return
        person.save(update_fields=changed)
        if "email" in changed and person.user_id:
            get_user_model().objects.filter(pk=person.user_id).update(email=person.email)
        log(
            person,
            "members.person.updated",
            user=self.actor,
            data={"fields": sorted(set(changed)), "import": self.job_id},
        )

    def after_import(self, dataset, result, **kwargs):
        """The member number series goes on after the highest number the file brought,
        so that the next member does not get a number that is taken."""
        if not self.highest_number:
            return
        Counter.objects.bulk_create([Counter(name="member_number")], ignore_conflicts=True)
        counter = Counter.objects.select_for_update().get(name="member_number")
        if counter.value < self.highest_number:
            counter.value = self.highest_number
            counter.save(update_fields=["value"])

    # export: codes for the country and the language, as short as people write them

    def dehydrate_member_number(self, person):
        return person.member_number

    def dehydrate_country(self, person):
        return person.country

    def dehydrate_language(self, person):
        return person.language


# --- the share register's opening balance -----------------------------------------------

E = RegisterEntry.Kind
#: What an import may write, and the sign its quantity takes (0: the file's sign decides).
ENTRY_KINDS = {
    E.ISSUE: 1,
    E.TRANSFER_IN: 1,
    E.TRANSFER_OUT: -1,
    E.REDEMPTION: -1,
    E.EXCLUSION: -1,
    "transfer": 0,
}
ENTRY_KIND_ALIASES = {
    "uitgifte": E.ISSUE,
    "inschrijving": E.ISSUE,
    "aankoop": E.ISSUE,
    "overdracht": "transfer",
    "transfer": "transfer",
    "overdrachtin": E.TRANSFER_IN,
    "overdrachtuit": E.TRANSFER_OUT,
    "uittreding": E.REDEMPTION,
    "terugbetaling": E.REDEMPTION,
    "uitsluiting": E.EXCLUSION,
}


class ShareClassCode(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise ValueError(_("Give the code of the share class."))
        for share_class in ShareClass.objects.all():
            if share_class.code.casefold() == text.casefold():
                return share_class
        codes = ", ".join(ShareClass.objects.values_list("code", flat=True))
        raise ValueError(
            _("There is no share class “%(value)s” (the classes are: %(codes)s).")
            % {"value": _shown(text, 12), "codes": codes or "–"}
        )

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class RegisterEntryResource(ImportResource):
    """The share register as it stood before the platform: one entry per row, with
    its real date, written in date order through ``register_entry_write`` (so the
    holdings never go below zero and the entries are numbered without gaps).

    The kind is issue, transfer or redemption (or exclusion); a transfer takes
    its direction from the sign of the quantity (+ in, − out). An entry that is in
    the register already (same person, class, date, kind and quantity) is refused,
    so that a file is not imported twice. A person without a member number gets
    one with their first shares, as a new shareholder does.
    """

    kind = ImportJob.Kind.OPENING_BALANCE
    required_columns = (
        ("member_number", "email"),
        ("share_class",),
        ("quantity",),
        ("entry_date",),
        ("entry_kind",),
    )
    import_permissions = ("members.add_registerentry",)
    export_permissions = ("members.view_registerentry",)
    legal_forms = COOPERATIVE_FORMS

    member_number = Column(
        "member_number",
        verbose(Person, "member_number"),
        widget=Whole(),
        aliases=("lidnummer", "lidnr", "nummer", "nr"),
    )
    email = Column("email", verbose(Person, "email"), aliases=("emailadres", "mail"))
    name = Column("name", gettext_lazy("name"), export_only=True)
    share_class = Column(
        "share_class",
        verbose(RegisterEntry, "share_class"),
        attribute="share_class",
        widget=ShareClassCode(),
        aliases=("klasse", "class", "code"),
    )
    entry_kind = Column(
        "entry_kind",
        verbose(RegisterEntry, "kind"),
        widget=Choice(
            [
                *((k, label) for k, label in E.choices if k in ENTRY_KINDS),
                ("transfer", gettext_lazy("Transfer")),
            ],
            aliases=ENTRY_KIND_ALIASES,
        ),
        aliases=("soort", "verrichting", "type"),
    )
    quantity = Column(
        "quantity",
        verbose(RegisterEntry, "quantity"),
        widget=Whole(maximum=MAX_SHARES, signed=True),
        aliases=("aantal", "aantal aandelen", "aandelen", "shares"),
    )
    amount_per_share = Column(
        "amount_per_share",
        verbose(RegisterEntry, "amount_per_share"),
        widget=Amount(),
        aliases=("prijs", "bedrag per aandeel", "volstort per aandeel", "per aandeel"),
    )
    entry_date = Column(
        "entry_date",
        verbose(RegisterEntry, "entry_date"),
        widget=Day(),
        aliases=("datum",),
    )
    counterparty = Column(
        "counterparty",
        gettext_lazy("counterparty (member number or e-mail)"),
        aliases=("tegenpartij", "van of aan"),
    )
    note = Column("note", verbose(RegisterEntry, "note"), attribute="note", aliases=("opmerking",))

    class Meta(ImportResource.Meta):
        model = RegisterEntry
        fields = (
            "member_number",
            "email",
            "name",
            "share_class",
            "entry_kind",
            "quantity",
            "amount_per_share",
            "entry_date",
            "counterparty",
            "note",
        )
        export_order = fields

    def get_queryset(self):
        return RegisterEntry.objects.select_related(
            "person", "share_class", "counterparty"
        ).order_by("entry_date", "number")

    def sort_rows(self, rows):
        """In date order, and on one day shares in before shares out: a file lists
        an issue and a transfer of the same day in any order."""

        def key(row):
            try:
                day = parse_date(row.get("entry_date")) or date.max
            except ValueError:
                day = date.max
            try:
                quantity = Whole(signed=True, maximum=MAX_SHARES).clean(row.get("quantity")) or 0
            except ValueError:
                quantity = 0
            return (day, 0 if quantity > 0 else 1, row[ROW_KEY])

        return sorted(rows, key=key)

    def before_import(self, dataset, **kwargs):
        self.lookup = PersonLookup()
        self.today = localtime.today()

    def get_or_init_instance(self, instance_loader, row):
        return RegisterEntry(), True  # the register only ever grows

    def import_instance(self, entry, row, **kwargs):
        errors: dict = {}
        values = {}
        for key in ("share_class", "entry_kind", "quantity", "amount_per_share", "entry_date"):
            column = self.fields[key]
            try:
                values[key] = column.clean(row) if key in row else None
            except ValueError as exc:
                add_error(errors, key, exc)
        person = self.lookup.find(row, errors)
        counterparty = None
        if cell_text(row.get("counterparty")):
            counterparty = self._counterparty(row, errors)
        if not errors:
            self._entry(entry, values, errors)
        entry.person, entry.counterparty = person, counterparty
        entry.note = cell_text(row.get("note"))[:255]
        if not errors:
            self._not_twice(entry, errors)
        if errors:
            raise ValidationError(errors)

    def _counterparty(self, row, errors):
        text = cell_text(row.get("counterparty"))
        found: dict = {}
        if "@" in text:
            person = self.lookup.find({"email": text}, found)
        else:
            person = self.lookup.find({"member_number": text}, found)
        for messages in found.values():
            for message in messages:
                add_error(errors, "counterparty", message)
        return person

    def _entry(self, entry, values, errors) -> None:
        kind, quantity, day = values["entry_kind"], values["quantity"], values["entry_date"]
        if kind is None:
            add_error(
                errors, "entry_kind", _("Say what the entry is: issue, transfer or redemption.")
            )
            return
        if not quantity:
            add_error(errors, "quantity", _("Give the number of shares (not zero)."))
            return
        if day is None:
            add_error(errors, "entry_date", _("Give the date of the entry."))
            return
        if day > self.today:
            add_error(errors, "entry_date", _("An entry cannot be dated in the future."))
            return
        sign = ENTRY_KINDS[kind]
        if kind == "transfer":
            kind = E.TRANSFER_IN if quantity > 0 else E.TRANSFER_OUT
        elif kind == E.ISSUE and quantity < 0:
            add_error(errors, "quantity", _("An issue adds shares: give a positive number."))
            return
        elif sign:
            quantity = sign * abs(quantity)
        share_class = values["share_class"]
        entry.kind, entry.quantity, entry.entry_date = kind, quantity, day
        entry.share_class = share_class
        per_share = values["amount_per_share"]
        entry.amount_per_share = share_class.nominal_value if per_share is None else per_share

    @staticmethod
    def _not_twice(entry, errors) -> None:
        twin = (
            RegisterEntry.objects.filter(
                person=entry.person,
                share_class=entry.share_class,
                entry_date=entry.entry_date,
                kind=entry.kind,
                quantity=entry.quantity,
            )
            .values_list("number", flat=True)
            .first()
        )
        if twin is not None:
            add_error(
                errors,
                NON_FIELD_ERRORS,
                _("This entry is in the register already (entry %(number)d).") % {"number": twin},
            )

    def do_instance_save(self, entry, is_create):
        from .services.numbers import MEMBER_NUMBER, next_number
        from .services.register import register_entry_write

        try:
            with transaction.atomic():
                person = entry.person
                if person.member_number is None and entry.quantity > 0:
                    person.member_number = next_number(MEMBER_NUMBER)
                    person.save(update_fields=["member_number"])
                    self.lookup.add(person)
                    self.count("numbers_given")
                written = register_entry_write(
                    kind=entry.kind,
                    person=person,
                    share_class=entry.share_class,
                    quantity=entry.quantity,
                    entry_date=entry.entry_date,
                    amount_per_share=entry.amount_per_share,
                    counterparty=entry.counterparty,
                    actor=self.actor,
                    note=entry.note,
                )
        except ServiceError as exc:
            self.refuse(exc, "quantity")
        entry.pk, entry.number = written.pk, written.number
        self.count("entries")

    # export

    def dehydrate_member_number(self, entry):
        return entry.person.member_number

    def dehydrate_email(self, entry):
        return entry.person.email

    def dehydrate_name(self, entry):
        return entry.person.name

    def dehydrate_entry_kind(self, entry):
        return entry.get_kind_display()

    def dehydrate_counterparty(self, entry):
        other = entry.counterparty
        if other is None:
            return ""
        return other.member_number or other.email


# --- memberships (vzw) ------------------------------------------------------------------

M = Membership.EndReason
END_ALIASES = {
    "ontslag": M.RESIGNATION,
    "uittreding": M.RESIGNATION,
    "uitgetreden": M.RESIGNATION,
    "uitsluiting": M.EXCLUSION,
    "uitgesloten": M.EXCLUSION,
    "overlijden": M.DEATH,
    "overleden": M.DEATH,
}


class MembershipTypeName(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        types = list(MembershipType.objects.all())
        if not text and len(types) == 1:
            return types[0]
        for membership_type in types:
            if _same(membership_type.name, text):
                return membership_type
        raise ValueError(
            _("There is no kind of membership “%(value)s” (the kinds are: %(names)s).")
            % {"value": _shown(text), "names": ", ".join(t.name for t in types) or "–"}
        )

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class MembershipResource(ImportResource):
    """The vzw's member register as it stood: one membership per row, admitted on
    a day and perhaps ended on another (resignation, exclusion or death), written
    in order of admission through the membership services."""

    kind = ImportJob.Kind.MEMBERSHIPS
    required_columns = (("member_number", "email"), ("admitted_on",))
    import_permissions = ("members.add_membership",)
    export_permissions = ("members.view_membership", "members.change_membership")
    legal_forms = VZW_FORMS

    member_number = Column(
        "member_number",
        verbose(Person, "member_number"),
        widget=Whole(),
        aliases=("lidnummer", "lidnr", "nummer", "nr"),
    )
    email = Column("email", verbose(Person, "email"), aliases=("emailadres", "mail"))
    name = Column("name", gettext_lazy("name"), export_only=True)
    membership_type = Column(
        "type",
        verbose(Membership, "type"),
        widget=MembershipTypeName(),
        aliases=("soort lid", "soort", "lidmaatschap"),
    )
    admitted_on = Column(
        "admitted_on",
        verbose(Membership, "admitted_on"),
        widget=Day(),
        aliases=("toegetreden", "toegetreden op", "datum toetreding", "lid sinds", "toetreding"),
    )
    reduced_fee = Column(
        "reduced_fee",
        verbose(Membership, "reduced_fee"),
        widget=YesNo(),
        aliases=("verminderd", "verminderd tarief"),
    )
    ended_on = Column(
        "ended_on",
        verbose(Membership, "ended_on"),
        widget=Day(),
        aliases=("einde", "datum einde", "uitgetreden op", "beeindigd op"),
    )
    end_reason = Column(
        "end_reason",
        verbose(Membership, "end_reason"),
        widget=Choice(M.choices, aliases=END_ALIASES),
        aliases=("reden", "reden einde"),
    )
    end_note = Column(
        "end_note", verbose(Membership, "end_note"), aliases=("opmerking", "motivering")
    )

    class Meta(ImportResource.Meta):
        model = Membership
        fields = (
            "member_number",
            "email",
            "name",
            "membership_type",
            "admitted_on",
            "reduced_fee",
            "ended_on",
            "end_reason",
            "end_note",
        )
        export_order = fields

    def get_queryset(self):
        return Membership.objects.select_related("person", "type").order_by("admitted_on", "pk")

    def sort_rows(self, rows):
        def key(row):
            try:
                day = parse_date(row.get("admitted_on")) or date.max
            except ValueError:
                day = date.max
            return (day, row[ROW_KEY])

        return sorted(rows, key=key)

    def before_import(self, dataset, **kwargs):
        self.lookup = PersonLookup()
        self.today = localtime.today()

    def get_or_init_instance(self, instance_loader, row):
        return Membership(), True

    def import_instance(self, membership, row, **kwargs):
        errors: dict = {}
        values = self._values(row, errors)
        person = self.lookup.find(row, errors)
        self._check_dates(values, errors)
        admitted, ended = values.get("admitted_on"), values.get("ended_on")
        if person is not None and admitted is not None and not errors:
            if Membership.objects.filter(person=person, admitted_on=admitted).exists():
                add_error(
                    errors,
                    NON_FIELD_ERRORS,
                    _("%(person)s's membership from this date is in the register already.")
                    % {"person": person},
                )
        if errors:
            raise ValidationError(errors)
        membership.person, membership.type = person, values["type"]
        membership.admitted_on, membership.reduced_fee = admitted, bool(values["reduced_fee"])
        membership.ended_on, membership.end_reason = ended, values.get("end_reason") or ""
        membership.end_note = cell_text(row.get("end_note"))

    def _values(self, row, errors) -> dict:
        values = {}
        for key in ("type", "admitted_on", "reduced_fee", "ended_on", "end_reason"):
            try:
                values[key] = self.fields[self._field(key)].clean(row) if key in row else None
            except ValueError as exc:
                add_error(errors, key, exc)
        if "type" not in row:
            try:
                values["type"] = MembershipTypeName().clean("")
            except ValueError as exc:
                add_error(errors, "type", exc)
        return values

    def _check_dates(self, values, errors) -> None:
        admitted, ended = values.get("admitted_on"), values.get("ended_on")
        if "admitted_on" not in errors and admitted is None:
            add_error(errors, "admitted_on", _("Give the date of admission."))
        for key, day in (("admitted_on", admitted), ("ended_on", ended)):
            if day is not None and day > self.today and key not in errors:
                add_error(
                    errors, key, _("The date cannot be in the future: record what has happened.")
                )
        if ended is not None and not values.get("end_reason") and "end_reason" not in errors:
            add_error(errors, "end_reason", _("Say why the membership ended."))
        if values.get("end_reason") and ended is None and "ended_on" not in errors:
            add_error(errors, "ended_on", _("Give the date the membership ended."))

    @staticmethod
    def _field(key: str) -> str:
        return "membership_type" if key == "type" else key

    FIELDS_MAP = {"person": "member_number", "type": "type", "reason": "end_note"}

    def do_instance_save(self, membership, is_create):
        from .services.membership import (
            membership_admit,
            membership_exclude,
            membership_record_death,
            membership_resign,
        )

        ended_on, reason, note = membership.ended_on, membership.end_reason, membership.end_note
        try:
            with transaction.atomic():
                had_number = membership.person.member_number is not None
                written = membership_admit(
                    person=membership.person,
                    type=membership.type,
                    admitted_on=membership.admitted_on,
                    reduced_fee=membership.reduced_fee,
                    actor=self.actor,
                )
                if not had_number:
                    self.count("numbers_given")
                if reason == M.RESIGNATION:
                    membership_resign(
                        membership=written, ended_on=ended_on, note=note, actor=self.actor
                    )
                elif reason == M.EXCLUSION:
                    membership_exclude(
                        membership=written, ended_on=ended_on, reason=note, actor=self.actor
                    )
                elif reason == M.DEATH:
                    membership_record_death(
                        membership=written, ended_on=ended_on, note=note, actor=self.actor
                    )
        except ServiceError as exc:
            self.refuse(exc, NON_FIELD_ERRORS, self.FIELDS_MAP)
        membership.pk = written.pk
        self.count("memberships")

    def dehydrate_member_number(self, membership):
        return membership.person.member_number

    def dehydrate_email(self, membership):
        return membership.person.email

    def dehydrate_name(self, membership):
        return membership.person.name

    def dehydrate_membership_type(self, membership):
        return membership.type.name

    def dehydrate_end_reason(self, membership):
        return membership.get_end_reason_display() if membership.end_reason else ""


# --- membership fee payments --------------------------------------------------------------


class FeePaymentResource(ImportResource):
    """Membership fees paid before the platform (or outside it): one row per person
    and year. The fee must have been raised (Members → fees, for that year, without
    e-mails); the row marks its payment as paid, through the payments service."""

    kind = ImportJob.Kind.FEE_PAYMENTS
    required_columns = (("member_number", "email"), ("year",))
    import_permissions = ("members.change_feedue",)
    export_permissions = ("members.view_feedue", "members.change_feedue")
    legal_forms = VZW_FORMS

    member_number = Column(
        "member_number",
        verbose(Person, "member_number"),
        widget=Whole(),
        aliases=("lidnummer", "lidnr", "nummer", "nr"),
    )
    email = Column("email", verbose(Person, "email"), aliases=("emailadres", "mail"))
    name = Column("name", gettext_lazy("name"), export_only=True)
    year = Column("year", verbose(FeeDue, "year"), widget=Whole(maximum=9999), aliases=("jaar",))
    amount = Column(
        "amount", verbose(FeeDue, "amount"), widget=Amount(), aliases=("bedrag", "betaald")
    )
    status = Column("status", verbose(FeeDue, "status"), export_only=True)
    paid_on = Column(
        "paid_on",
        gettext_lazy("paid on"),
        widget=Day(),
        aliases=("betaald op", "datum", "betaaldatum"),
    )
    note = Column("note", gettext_lazy("note"), aliases=("opmerking",))

    class Meta(ImportResource.Meta):
        model = FeeDue
        fields = ("member_number", "email", "name", "year", "amount", "status", "paid_on", "note")
        export_order = fields

    def get_queryset(self):
        return FeeDue.objects.select_related("person", "payment").order_by(
            "year", "person__member_number", "pk"
        )

    def before_import(self, dataset, **kwargs):
        self.lookup = PersonLookup()
        self.today = localtime.today()
        self.seen: dict[int, int] = {}

    def get_or_init_instance(self, instance_loader, row):
        return FeeDue(), True

    def import_instance(self, due, row, **kwargs):
        errors: dict = {}
        values = {}
        for key in ("year", "amount", "paid_on"):
            try:
                values[key] = self.fields[key].clean(row) if key in row else None
            except ValueError as exc:
                add_error(errors, key, exc)
        person = self.lookup.find(row, errors)
        if values.get("year") is None and "year" not in errors:
            add_error(errors, "year", _("Give the year of the fee."))
        paid_on = values.get("paid_on")
        if paid_on is not None and paid_on > self.today:
            add_error(
                errors, "paid_on", _("The date cannot be in the future: record what has happened.")
            )
        if errors:
            raise ValidationError(errors)
        found = (
            FeeDue.objects.select_related("payment")
            .filter(person=person, year=values["year"])
            .first()
        )
        self._check_due(found, person, values, errors)
        if found is not None and found.pk in self.seen:
            add_error(
                errors,
                NON_FIELD_ERRORS,
                _("This fee is on row %(row)d already.") % {"row": self.seen[found.pk]},
            )
        if errors:
            raise ValidationError(errors)
        self.seen[found.pk] = row.get(ROW_KEY)
        due.pk, due.payment, due.amount = found.pk, found.payment, found.amount
        due.person, due.year = person, found.year
        note = cell_text(row.get("note"))
        when = (
            _("paid on %(date)s") % {"date": formats.date_format(paid_on, "SHORT_DATE_FORMAT")}
            if paid_on
            else ""
        )
        # Not fields of the fee: what do_instance_save hands to the payments service.
        due.import_note = " · ".join(filter(None, [_("Imported"), when, note]))[:500]
        due.import_amount = values.get("amount")

    @staticmethod
    def _check_due(due, person, values, errors) -> None:
        if due is None:
            add_error(
                errors,
                "year",
                _(
                    "No fee of %(year)d was raised for %(person)s: raise that year's fees first "
                    "(without e-mails), then import the payments."
                )
                % {"year": values["year"], "person": person},
            )
        elif due.status != FeeDue.Status.OPEN:
            add_error(
                errors,
                "year",
                _("The fee of %(year)d of %(person)s is “%(status)s” already.")
                % {"year": due.year, "person": person, "status": due.get_status_display()},
            )
        elif due.payment_id is None:
            add_error(errors, "year", _("This fee has no payment to mark as paid."))
        elif values.get("amount") is not None and values["amount"] != due.amount:
            add_error(
                errors,
                "amount",
                _("%(received)s was paid, but the fee is %(amount)s.")
                % {"received": values["amount"], "amount": due.amount},
            )

    def do_instance_save(self, due, is_create):
        from payments.services import payment_mark_paid

        try:
            with transaction.atomic():
                payment_mark_paid(
                    payment=due.payment,
                    amount=due.import_amount,
                    paid_via="import",
                    note=due.import_note,
                    actor=self.actor,
                )
        except ServiceError as exc:
            self.refuse(exc, "amount")
        self.count("payments")

    def dehydrate_member_number(self, due):
        return due.person.member_number

    def dehydrate_email(self, due):
        return due.person.email

    def dehydrate_name(self, due):
        return due.person.name

    def dehydrate_status(self, due):
        return due.get_status_display()

    def dehydrate_paid_on(self, due):
        return (
            localtime.local(due.payment.paid_at).date()
            if due.payment and due.payment.paid_at
            else None
        )

    def dehydrate_note(self, due):
        return due.payment.note if due.payment else ""


RESOURCES: dict[str, type[ImportResource]] = {
    ImportJob.Kind.PEOPLE: PersonResource,
    ImportJob.Kind.OPENING_BALANCE: RegisterEntryResource,
    ImportJob.Kind.MEMBERSHIPS: MembershipResource,
    ImportJob.Kind.FEE_PAYMENTS: FeePaymentResource,
}


def kinds_for(buurtpunt) -> list[str]:
    """The kinds of file a buurtpunt of this legal form keeps (a CV has no member
    register of a vzw, a vzw no share register)."""
    form = getattr(buurtpunt, "legal_form", "") or ""
    return [kind for kind, resource in RESOURCES.items() if form in resource.legal_forms]


# --- files out: exports and empty templates ------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE}
#: Belgian Excel reads and writes ";" between columns and "," before the cents.
CSV_DELIMITER = ";"


def export_rows(kind: str) -> tuple[list[str], list[list]]:
    """The headers and rows of ``kind`` in the current tenant, in the site's language,
    every text that a spreadsheet would run as a formula made plain text."""
    with translation.override(settings.LANGUAGE_CODE):
        dataset = RESOURCES[kind]().export()
        rows = [[neutralise_formula(value) for value in row] for row in dataset]
    return [neutralise_formula(header) for header in dataset.headers], rows


def template_headers(kind: str) -> list[str]:
    """The headers of an empty file to fill in: the columns an import reads."""
    return [column.header() for column in RESOURCES[kind].import_columns()]


def write_file(headers: list[str], rows: list[list], fmt: str, *, title: str = "") -> bytes:
    if fmt == "csv":
        return _csv(headers, rows)
    if fmt == "xlsx":
        return _xlsx(headers, rows, title)
    raise ValueError(f"unknown format {fmt!r}")


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _csv(headers: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")  # UTF-8 with its mark: Excel then reads the accents right
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return out.getvalue().encode("utf-8")


def _xlsx(headers: list[str], rows: list[list], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def plain(value):
        if isinstance(value, str):
            # openpyxl refuses control characters and reads "=..." as a formula.
            return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value)) or None
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return value

    workbook = Workbook(write_only=True)
    # A sheet's name: at most 31 characters, none of []:*?/\
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", "", title or "Data")[:31])
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        width = max([len(header)] + [len(_csv_value(row[index - 1])) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 10), 45)
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=plain(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            value = plain(value)
            if isinstance(value, date | Decimal):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY" if isinstance(value, date) else "#,##0.00"
                value = cell
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def file_name(kind: str, fmt: str, *, template: bool = False) -> str:
    """``mensen-2025-06-30.xlsx`` or ``sjabloon-mensen.csv``, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        what = slug(str(ImportJob.Kind(kind).label))
        if template:
            return f"{slug(_('template'))}-{what}.{fmt}"
    return f"{what}-{localtime.today().isoformat()}.{fmt}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", simplified_spaces(text)).strip("-") or "export"


def simplified_spaces(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text.casefold()
