"""Page types and snippets of the buurtpunt sites and of the network site.

Each topic has its own module; they are imported here so Django finds them.
"""

from .agenda import AgendaIndexPage, EventPage
from .contact import ContactFormField, ContactPage, ContactSubmission
from .content import ContentPage
from .mobility import MobipuntPage
from .news import NewsIndexPage, NewsItemPage
from .pages import HomePage, NetworkHomePage
from .services import ServicesPage
from .suppliers import Supplier, SuppliersPage

__all__ = [
    "AgendaIndexPage",
    "ContactFormField",
    "ContactPage",
    "ContactSubmission",
    "ContentPage",
    "EventPage",
    "HomePage",
    "MobipuntPage",
    "NetworkHomePage",
    "NewsIndexPage",
    "NewsItemPage",
    "ServicesPage",
    "Supplier",
    "SuppliersPage",
]
