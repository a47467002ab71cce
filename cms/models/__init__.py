"""Page types and snippets of the buurtpunt sites and of the network site.

Each topic has its own module; they are imported here so Django finds them.
"""

from .hours import OpeningException, OpeningExceptionPeriod, OpeningHours, OpeningPeriod
from .pages import HomePage, NetworkHomePage

__all__ = [
    "HomePage",
    "NetworkHomePage",
    "OpeningException",
    "OpeningExceptionPeriod",
    "OpeningHours",
    "OpeningPeriod",
]
