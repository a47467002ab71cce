from .people import Consent, Counter, Person
from .settings import CooperativeSettings, VotingRule
from .shares import MAX_SHARES, RegisterEntry, ShareClass, Subscription

__all__ = [
    "MAX_SHARES",
    "Consent",
    "CooperativeSettings",
    "Counter",
    "Person",
    "RegisterEntry",
    "ShareClass",
    "Subscription",
    "VotingRule",
]
from .pages import SignupPage  # noqa: E402

__all__ += ["SignupPage"]
from .operations import ShareOperation  # noqa: E402

__all__ += ["ShareOperation"]
from .membership import (  # noqa: E402
    RECORD_WITHIN_DAYS,
    FeeDue,
    FeePlan,
    Membership,
    MembershipType,
)

__all__ += ["RECORD_WITHIN_DAYS", "FeeDue", "FeePlan", "Membership", "MembershipType"]
from .imports import ImportJob  # noqa: E402

__all__ += ["ImportJob"]
