"""Demo content of the buurtpunt sites, written by ``seed_demo`` (idempotent).

``beveren`` gets a full site in the spirit of Dorpspunt Beveren aan de IJzer
(short-chain shop, café corner, mobipunt, repair café, village restaurant);
``zonnegem`` a smaller one. Each page is looked up by its slug under its
parent and only created when missing, so running the seed again changes
nothing and never overwrites what a team edited. Pages are published through
revisions, as the admin does. Dates are set from the day of the first seed.

All people, producers and addresses are invented.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context
from wagtail.models import Page

from cms import opening_hours as logic

from .recurrence import BRUSSELS


def seed_site_content(buurtpunt) -> list[str]:
    """Fill the site of ``buurtpunt`` (the current tenant); returns what it added."""
    seeders = {"beveren": _beveren, "zonnegem": _zonnegem}
    seeder = seeders.get(buurtpunt.schema_name)
    if seeder is None or connection.schema_name != buurtpunt.schema_name:
        return []
    from .models import HomePage

    home = HomePage.objects.first()
    if home is None:
        return []
    made: list[str] = []
    seeder(home, buurtpunt, made)
    return made


# --- helpers ------------------------------------------------------------------------


def _ensure(parent: Page, page: Page, made: list[str]) -> Page:
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific
    page.live = False
    # The sections right under the home page make up the site's main menu.
    page.show_in_menus = parent.depth == 2
    parent.add_child(instance=page)
    page.save_revision().publish()
    made.append(page.url_path)
    return page


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def _ensure_home_body(home, body: list, *, hero_heading: str, hero_text: str, intro: str):
    if home.body:
        return  # the team has made it their own
    home.hero_heading = hero_heading
    home.hero_text = hero_text
    home.intro = intro
    home.body = body
    home.save_revision().publish()


def _contact(home, made, *, intro: str, to_address: str, subjects: list[str]):
    from .models import ContactFormField, ContactPage

    page = ContactPage(
        title="Contact",
        slug="contact",
        intro=intro,
        thank_you_text="<p>Bedankt voor je bericht! We antwoorden zo snel we kunnen, "
        "meestal binnen twee dagen.</p>",
        to_address=to_address,
        subject="",
    )
    fields = [
        ("Naam", "singleline", True, "", ""),
        ("E-mail", "email", True, "", "We gebruiken je adres alleen om te antwoorden."),
        ("Telefoon", "singleline", False, "", ""),
        ("Onderwerp", "dropdown", True, "\n".join(subjects), ""),
        ("Bericht", "multiline", True, "", ""),
    ]
    for order, (label, kind, required, choices, help_text) in enumerate(fields):
        page.form_fields.add(
            ContactFormField(
                sort_order=order,
                label=label,
                field_type=kind,
                required=required,
                choices=choices,
                help_text=help_text,
            )
        )
    return _ensure(home, page, made)


# --- Beveren ------------------------------------------------------------------------


def _beveren(home, buurtpunt, made):
    from .models import (
        AgendaIndexPage,
        ContentPage,
        MobipuntPage,
        NewsIndexPage,
        ServicesPage,
        SuppliersPage,
    )

    contact = _contact(
        home,
        made,
        intro="<p>Dorpspunt Beveren, Dorpsplaats 1, 8691 Beveren aan de IJzer.<br>"
        "Heb je een vraag, een idee of wil je meehelpen? Laat een bericht achter.</p>",
        to_address=f"admin@{buurtpunt.primary_domain}",
        subjects=[
            "Een vraag",
            "Vrijwilliger worden",
            "De zaal huren",
            "Coöperant worden",
            "Iets anders",
        ],
    )
    about = _ensure(
        home,
        ContentPage(
            title="Over het Dorpspunt",
            slug="over-ons",
            intro="Een winkel, een café en een ontmoetingsplek, van en voor de inwoners "
            "van Beveren aan de IJzer.",
            body=[
                (
                    "rich_text",
                    "<p>Toen de laatste winkel van het dorp de deuren sloot, staken een "
                    "twintigtal inwoners de koppen bij elkaar. Een jaar later opende het "
                    "Dorpspunt in de oude pastorij: een kleine winkel met producten van boeren "
                    "uit de streek, een cafétafel waar altijd koffie klaarstaat, en een plek om "
                    "elkaar te ontmoeten.</p>"
                    "<h2>Van iedereen</h2>"
                    "<p>Het Dorpspunt is een coöperatie: meer dan 180 inwoners zijn mede-eigenaar "
                    "met één of meer aandelen. Een vzw ernaast draagt de activiteiten. "
                    "Een ploeg van een veertigtal vrijwilligers houdt winkel en café open.</p>",
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Help je mee?",
                        "text": "Een uurtje achter de toog, meedenken in een werkgroep of "
                        "je handen uit de mouwen steken op het repair café: alle hulp is welkom.",
                        "link": {"label": "Neem contact op", "page": contact, "url": ""},
                    },
                ),
            ],
        ),
        made,
    )
    cooperative = _ensure(
        about,
        ContentPage(
            title="De coöperatie",
            slug="cooperatie",
            intro="Samen eigenaar van de winkel in je dorp.",
            body=[
                (
                    "rich_text",
                    "<p>Een aandeel kost € 50. Elke coöperant heeft één stem op de algemene "
                    "vergadering, hoeveel aandelen je ook hebt. Winst gaat in de eerste plaats "
                    "naar de werking van het Dorpspunt.</p>"
                    "<p>De algemene vergadering komt elk voorjaar samen in de zaal van het "
                    "Dorpspunt. Alle coöperanten krijgen vooraf een uitnodiging.</p>",
                )
            ],
        ),
        made,
    )

    news = _ensure(home, NewsIndexPage(title="Nieuws", slug="nieuws"), made)
    today = timezone.localdate()
    _beveren_news(news, today, made)

    agenda = _ensure(
        home,
        AgendaIndexPage(
            title="Agenda",
            slug="agenda",
            intro="<p>Wat er te doen is in het Dorpspunt. Abonneer je op de agenda in je eigen "
            "kalender met de iCal-link.</p>",
        ),
        made,
    )
    events = _beveren_events(agenda, buurtpunt, today, made)
    repair_cafe = events["repair-cafe"]

    _beveren_suppliers(made)
    suppliers = _ensure(
        home,
        SuppliersPage(
            title="Onze leveranciers",
            slug="leveranciers",
            intro="<p>Wat in de rekken ligt, komt zoveel mogelijk van boeren en makers uit de "
            "Westhoek. Zo weet je wat je eet, en blijft je geld in de streek.</p>",
        ),
        made,
    )
    services = _ensure(
        home,
        ServicesPage(
            title="Wat je bij ons vindt",
            slug="diensten",
            intro="<p>Het Dorpspunt is meer dan een winkel.</p>",
            services=_beveren_services(suppliers=suppliers, repair_cafe=repair_cafe),
        ),
        made,
    )
    _ensure(home, _beveren_mobipunt(MobipuntPage), made)
    _ensure_home_body(
        home,
        [
            ("upcoming_events", {"heading": "Binnenkort in het Dorpspunt", "count": 3}),
            ("services_grid", {"heading": "Wat je bij ons vindt", "services_page": services}),
            ("opening_hours", {"heading": "Openingsuren"}),
            (
                "call_to_action",
                {
                    "heading": "Word coöperant",
                    "text": "Met een aandeel van € 50 ben je mede-eigenaar van de winkel "
                    "in je dorp.",
                    "link": {
                        "label": "Lees meer over de coöperatie",
                        "page": cooperative,
                        "url": "",
                    },
                },
            ),
            ("latest_news", {"heading": "Nieuws", "count": 3}),
            (
                "call_to_action",
                {
                    "heading": "Lokaal, van dichtbij",
                    "text": "Maak kennis met de boeren en makers achter onze producten.",
                    "link": {"label": "Onze leveranciers", "page": suppliers, "url": ""},
                },
            ),
        ],
        hero_heading="Winkel, café en ontmoeting in Beveren aan de IJzer",
        hero_text="Lokale producten, een koffie aan de toog en een bakfiets als je er een "
        "nodig hebt. Gedragen door de inwoners, open voor iedereen.",
        intro="<p>Het Dorpspunt is de dorpswinkel en ontmoetingsplek van Beveren aan de "
        "IJzer: een coöperatie van inwoners, met vrijwilligers achter de toog.</p>",
    )


def _beveren_news(news, today, made):
    from .models import NewsItemPage

    items = [
        (
            "Nieuwe elektrische bakfiets in het mobipunt",
            "bakfiets",
            10,
            "Vanaf nu kan je bij ons ook een elektrische bakfiets lenen.",
            "<p>Dankzij de steun van de gemeente en een mooie opbrengst van de "
            "pannenkoekenverkoop staat er sinds deze week een elektrische bakfiets in het "
            "mobipunt. Ideaal voor boodschappen, een uitstap met de kinderen of om een "
            "kast naar het repair café te brengen.</p><p>Reserveren kan in de winkel of via "
            "het contactformulier.</p>",
        ),
        (
            "Repair café zoekt handige handen",
            "repair-cafe-zoekt-handige-handen",
            24,
            "Kan je solderen, naaien of een fietsband plakken? Kom ons team versterken.",
            "<p>Elke eerste zaterdag van de maand herstellen vrijwilligers kapotte "
            "spullen samen met hun eigenaar. Er is zoveel aanbod dat we extra helpers "
            "zoeken, vooral voor elektrische toestellen en kledij.</p>",
        ),
        (
            "Terugblik op het dorpsrestaurant",
            "terugblik-dorpsrestaurant",
            38,
            "Zestig gasten schoven aan voor een menu met groenten van hier.",
            "<p>Het dorpsrestaurant was opnieuw volzet. Het menu: pompoensoep, stoofvlees "
            "van Vleeshoeve Ter Moeren met frietjes en een appeltaart met appels uit de "
            "boomgaard van de pastorij. Dank aan alle vrijwilligers in de keuken!</p>",
        ),
    ]
    for title, slug, days_ago, intro, body in items:
        _ensure(
            news,
            NewsItemPage(
                title=title,
                slug=slug,
                date=today - timedelta(days=days_ago),
                intro=intro,
                body=[("rich_text", body)],
            ),
            made,
        )


def _beveren_events(agenda, buurtpunt, today, made):
    from .models import EventPage

    contact_url = f"{buurtpunt.base_url}/contact/"
    first_saturday = _nth_weekday(today.year, today.month, 5, 1)
    third_thursday = _nth_weekday(today.year, today.month, 3, 3)
    tuesday = _next_weekday(today, 1)
    in_a_year = today + timedelta(days=365)
    events = [
        EventPage(
            title="Repair café",
            slug="repair-cafe",
            start=_at(first_saturday, 9, 30),
            end=_at(first_saturday, 12, 30),
            repeat="monthly_nth",
            repeat_until=in_a_year,
            place="Dorpspunt, zaal achteraan",
            price="Gratis, een vrije bijdrage is welkom",
            intro="Breng je kapotte toestel, fiets of kledingstuk mee en herstel het samen "
            "met onze vrijwilligers.",
            description="<p>Koffie staat klaar. Kom liefst voor 11.30 uur, zodat we tijd "
            "hebben om je spullen te bekijken.</p>",
        ),
        EventPage(
            title="Dorpsrestaurant",
            slug="dorpsrestaurant",
            start=_at(third_thursday, 18, 30),
            end=_at(third_thursday, 21, 30),
            repeat="monthly_nth",
            repeat_count=10,
            place="Dorpspunt, zaal",
            price="€ 16, kinderen € 8",
            registration_url=contact_url,
            intro="Een driegangenmenu met producten van onze leveranciers, "
            "gekookt door vrijwilligers.",
            description="<p>Inschrijven is nodig, uiterlijk de maandag ervoor. "
            "Vegetarisch menu op vraag.</p>",
        ),
        EventPage(
            title="Koffieklets",
            slug="koffieklets",
            start=_at(tuesday, 14, 0),
            end=_at(tuesday, 16, 0),
            repeat="weekly",
            repeat_count=40,
            place="Cafétafel in het Dorpspunt",
            price="Gratis",
            intro="Elke dinsdagnamiddag: koffie, een babbel en een kaartje leggen.",
        ),
        EventPage(
            title="Infoavond voor nieuwe vrijwilligers",
            slug="infoavond-vrijwilligers",
            start=_at(today + timedelta(days=12), 19, 30),
            end=_at(today + timedelta(days=12), 21, 0),
            place="Dorpspunt, zaal",
            price="Gratis",
            registration_url=contact_url,
            intro="Benieuwd hoe je kan helpen? We vertellen over de winkel, het café, "
            "het mobipunt en het repair café.",
        ),
        EventPage(
            title="Fietstocht langs de IJzer",
            slug="fietstocht-ijzer",
            start=_at(today + timedelta(days=30), 10, 0),
            end=_at(today + timedelta(days=30), 16, 0),
            place="Vertrek aan het Dorpspunt",
            price="Gratis, picknick zelf meebrengen",
            intro="Een tocht van 35 km langs de IJzer en de Lovaart, op eigen tempo. "
            "E-bikes van het mobipunt kunnen gereserveerd worden.",
        ),
        EventPage(
            title="Nieuwjaarsdrink",
            slug="nieuwjaarsdrink",
            start=_at(today - timedelta(days=30), 17, 0),
            end=_at(today - timedelta(days=30), 20, 0),
            place="Dorpspunt",
            price="Gratis",
            intro="Klinken op het nieuwe jaar met coöperanten, vrijwilligers en buren.",
        ),
    ]
    return {event.slug: _ensure(agenda, event, made) for event in events}


def _beveren_services(*, suppliers, repair_cafe):
    return [
        (
            "shop",
            {
                "title": "Dorpswinkel",
                "icon": "",
                "text": "<p>Groenten, zuivel, brood, vlees en drank van boeren uit de streek, "
                "aangevuld met de dagelijkse basis.</p>",
                "link": {"label": "Onze leveranciers", "page": suppliers, "url": ""},
            },
        ),
        (
            "cafe",
            {
                "title": "Café",
                "icon": "",
                "text": "<p>Een koffie, een streekbier of een glas appelsap aan de cafétafel. "
                "Iedereen is welkom, ook zonder iets te kopen.</p>",
                "link": {"label": "", "page": None, "url": ""},
            },
        ),
        (
            "parcel_point",
            {
                "title": "Pakjespunt",
                "icon": "",
                "text": "<p>Laat je pakjes leveren in het Dorpspunt en haal ze op tijdens de "
                "openingsuren.</p>",
                "link": {"label": "", "page": None, "url": ""},
            },
        ),
        (
            "library_point",
            {
                "title": "Boekenruil",
                "icon": "",
                "text": "<p>Breng een boek, neem een boek. De bib van Alveringem brengt elke "
                "maand een nieuwe bak boeken.</p>",
                "link": {"label": "", "page": None, "url": ""},
            },
        ),
        (
            "repair_cafe",
            {
                "title": "Repair café",
                "icon": "",
                "text": "<p>Elke eerste zaterdag van de maand herstellen we samen wat kapot "
                "is.</p>",
                "link": {"label": "Naar het repair café", "page": repair_cafe, "url": ""},
            },
        ),
        (
            "meeting_room",
            {
                "title": "Zaal te huur",
                "icon": "",
                "text": "<p>Een zaal voor 40 personen met keukentje, voor verenigingen en "
                "families uit het dorp.</p>",
                "link": {"label": "", "page": None, "url": ""},
            },
        ),
    ]


def _beveren_suppliers(made):
    from .models import Supplier

    suppliers = [
        {
            "name": "Groentetuin De IJzerbeemd",
            "category": "vegetables",
            "products": "Seizoensgroenten, aardappelen, kruiden",
            "village": "Beveren aan de IJzer",
            "description": "<p>Biologische groenteteelt op twee hectare, op fietsafstand van "
            "de winkel.</p>",
            "season_winter": False,
        },
        {
            "name": "Hoeve De Lindeboom",
            "category": "dairy",
            "products": "Melk, yoghurt, boter, hoevekaas, eieren",
            "village": "Stavele",
            "description": "<p>Familiebedrijf met een vijftigtal melkkoeien die in de zomer "
            "op de IJzerbeemden grazen.</p>",
        },
        {
            "name": "Bakkerij Het Korenaar",
            "category": "bread",
            "products": "Desembrood, volkorenbrood, koffiekoeken op zaterdag",
            "village": "Alveringem",
        },
        {
            "name": "Vleeshoeve Ter Moeren",
            "category": "meat",
            "products": "Rund- en varkensvlees in pakketten, charcuterie",
            "village": "Leisele",
        },
        {
            "name": "Imkerij De Zoemende Dijk",
            "category": "pantry",
            "products": "Lentehoning, zomerhoning, bijenwas",
            "village": "Beveren aan de IJzer",
            "season_winter": False,
            "season_spring": False,
        },
        {
            "name": "Fruitbedrijf Den Appelaar",
            "category": "drinks",
            "products": "Appelsap, perensap, appelcider",
            "village": "Izenberge",
        },
    ]
    for spec in suppliers:
        if not Supplier.objects.filter(name=spec["name"]).exists():
            Supplier.objects.create(**spec)
            made.append(f"supplier {spec['name']}")


def _beveren_mobipunt(page_class):
    return page_class(
        title="Mobipunt",
        slug="mobipunt",
        intro="<p>Geen auto nodig voor elke rit. In het mobipunt van het Dorpspunt leen je een "
        "bakfiets of een e-bike, voor een boodschap, een uitstap of een verhuis van een kast.</p>"
        "<p>Lenen kan tijdens de openingsuren van de winkel. Je toont je identiteitskaart en "
        "betaalt een waarborg, die je terugkrijgt als de fiets terug is.</p>",
        vehicles=[
            (
                "cargo_bike",
                {
                    "name": "Elektrische bakfiets De IJzerpijl",
                    "description": "<p>Bakfiets met trapondersteuning, bank met gordels voor "
                    "twee kinderen en een regenhuif.</p>",
                    "how_to_book": "<p>Reserveer in de winkel of via het contactformulier, "
                    "ten laatste de dag ervoor.</p>",
                    "deposit": "€ 50",
                    "price": "€ 5 per halve dag, gratis voor coöperanten",
                    "photo": {"image": None, "alt_text": ""},
                },
            ),
            (
                "e_bike",
                {
                    "name": "Twee e-bikes",
                    "description": "<p>Stadsfietsen met trapondersteuning en een bereik van "
                    "ongeveer 60 km, met fietstassen en slot.</p>",
                    "how_to_book": "<p>Vraag in de winkel of er een vrij is; reserveren kan "
                    "ook via het contactformulier.</p>",
                    "deposit": "€ 30",
                    "price": "€ 3 per halve dag, € 5 per dag",
                    "photo": {"image": None, "alt_text": ""},
                },
            ),
        ],
    )


# --- Zonnegem -----------------------------------------------------------------------


def _zonnegem(home, buurtpunt, made):
    from .models import AgendaIndexPage, EventPage, NewsIndexPage, NewsItemPage, ServicesPage

    today = timezone.localdate()
    news = _ensure(home, NewsIndexPage(title="Nieuws", slug="nieuws"), made)
    _ensure(
        news,
        NewsItemPage(
            title="Soepcafé is terug",
            slug="soepcafe-is-terug",
            date=today - timedelta(days=7),
            intro="Elke woensdag een kom verse soep en gezelschap.",
            body=[
                (
                    "rich_text",
                    "<p>Na de zomer start het soepcafé opnieuw. Vrijwilligers koken met "
                    "groenten uit de buurtmoestuin.</p>",
                )
            ],
        ),
        made,
    )
    agenda = _ensure(home, AgendaIndexPage(title="Agenda", slug="agenda"), made)
    wednesday = _next_weekday(today, 2)
    _ensure(
        agenda,
        EventPage(
            title="Soepcafé",
            slug="soepcafe",
            start=_at(wednesday, 12, 0),
            end=_at(wednesday, 13, 30),
            repeat="weekly",
            repeat_until=today + timedelta(days=180),
            place="Buurtpunt Zonnegem",
            price="€ 3",
            intro="Verse soep met brood, en een babbel.",
        ),
        made,
    )
    _ensure(
        agenda,
        EventPage(
            title="Buurtfeest",
            slug="buurtfeest",
            start=_at(today + timedelta(days=21), 15, 0),
            end=_at(today + timedelta(days=21), 22, 0),
            place="Kerkplein Zonnegem",
            price="Gratis",
            intro="Spelen voor de kinderen, muziek en een barbecue.",
        ),
        made,
    )
    _ensure(
        home,
        ServicesPage(
            title="Diensten",
            slug="diensten",
            services=[
                (
                    "cafe",
                    {
                        "title": "Buurtcafé",
                        "icon": "",
                        "text": "<p>Koffie en thee aan democratische prijzen.</p>",
                        "link": {"label": "", "page": None, "url": ""},
                    },
                ),
                (
                    "parcel_point",
                    {
                        "title": "Pakjespunt",
                        "icon": "",
                        "text": "<p>Haal je pakjes op in het buurtpunt.</p>",
                        "link": {"label": "", "page": None, "url": ""},
                    },
                ),
            ],
        ),
        made,
    )
    _contact(
        home,
        made,
        intro="<p>Buurtpunt Zonnegem, Kerkplein 3, 9520 Zonnegem.</p>",
        to_address=f"admin@{buurtpunt.primary_domain}",
        subjects=["Een vraag", "Vrijwilliger worden", "Iets anders"],
    )
    _ensure_home_body(
        home,
        [
            ("upcoming_events", {"heading": "Agenda", "count": 3}),
            ("opening_hours", {"heading": "Openingsuren"}),
            ("latest_news", {"heading": "Nieuws", "count": 2}),
        ],
        hero_heading="Buurtpunt Zonnegem",
        hero_text="Soep, koffie en een pakjespunt in het hart van het dorp.",
        intro="<p>Het buurtpunt is een vzw van buren die elkaar graag zien.</p>",
    )


# --- opening hours -----------------------------------------------------------------


MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def _periods(*spans: tuple[int, int, int, int]) -> tuple[logic.Period, ...]:
    return tuple(logic.Period(time(h1, m1), time(h2, m2)) for h1, m1, h2, m2 in spans)


def _this_or_next_year(today: date, month: int, day: int) -> date:
    candidate = date(today.year, month, day)
    return candidate if candidate >= today else date(today.year + 1, month, day)


def demo_schedule(slug: str, today: date) -> logic.Schedule | None:
    """Realistic hours of a demo buurtpunt, with exceptions dated from ``today``."""
    if slug == "beveren":
        # A village shop-café: closed on Monday, a long break at noon.
        shop = _periods((8, 0, 12, 0), (14, 0, 18, 0))
        holiday = _next_weekday(_this_or_next_year(today, 7, 15), MON)
        fair = _next_weekday(today + timedelta(days=10), SUN)
        return logic.Schedule(
            weekly={
                TUE: shop,
                WED: shop,
                THU: shop,
                FRI: shop,
                SAT: shop,
                SUN: _periods((8, 0, 12, 0)),
            },
            exceptions=(
                logic.ExceptionRange(
                    start=fair,
                    end=fair,
                    periods=_periods((8, 0, 18, 0)),
                    reason="Kermis: uitzonderlijk de hele dag open",
                ),
                logic.ExceptionRange(
                    start=holiday, end=holiday + timedelta(days=13), reason="Jaarlijkse vakantie"
                ),
            ),
        )
    if slug == "zonnegem":
        # A smaller place run by volunteers, with a café evening on Friday.
        christmas = _this_or_next_year(today, 12, 24)
        return logic.Schedule(
            weekly={
                WED: _periods((14, 0, 17, 0)),
                FRI: _periods((18, 0, 1, 0)),
                SAT: _periods((9, 0, 12, 0)),
            },
            exceptions=(
                logic.ExceptionRange(
                    start=christmas, end=christmas + timedelta(days=8), reason="Kerstvakantie"
                ),
            ),
        )
    return None


def seed_opening_hours(buurtpunt) -> bool:
    """Give a demo buurtpunt its opening hours, unless the team already entered some."""
    from wagtail.models import Site

    from cms.models import OpeningHours
    from cms.services import opening_hours_replace

    schedule = demo_schedule(buurtpunt.schema_name, logic.local(timezone.now()).date())
    if schedule is None:
        return False
    with tenant_context(buurtpunt):
        site = Site.objects.get(is_default_site=True)
        if OpeningHours.objects.filter(site=site, periods__isnull=False).exists():
            return False
        opening_hours_replace(site=site, schedule=schedule)
    return True
