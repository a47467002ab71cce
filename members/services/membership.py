"""The vzw's member register: admissions and the three ways a membership ends.

``membership_admit`` -> ``membership_resign`` | ``membership_exclude`` |
``membership_record_death``. Each takes the date of the fact, which may lie in
the past (the board records what happened) but never in the future, and
never before the admission. Each checks, locks the person or the membership,
changes one row in one transaction and logs it; a record made more than
eight days after the fact is marked late in the log as on the row's page.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core import localtime

from ..errors import MembersError
from ..models import FeeDue, FeePlan, Membership, MembershipType, Person
from ..models.membership import is_late
from .fees import due_waive
from .numbers import MEMBER_NUMBER, next_number

#: The legal forms that keep a member register (a vzw, alone or beside a CV).
VZW_FORMS = ("vzw", "cv+vzw")

R = Membership.EndReason


class MembershipError(MembersError):
    """A membership that cannot be recorded or changed the way asked."""


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _day(day: date) -> str:
    """A date in a message, as the person reading it writes dates."""
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _check_date(day: date | None, *, field: str) -> date:
    if day is None:
        raise MembershipError(_("Give the date."), field=field)
    if day > localtime.today():
        raise MembershipError(
            _("The date cannot be in the future: record what has happened."), field=field
        )
    return day


def membership_admit(
    *,
    person: Person | dict,
    type: MembershipType,
    admitted_on: date,
    actor=None,
    reduced_fee: bool = False,
) -> Membership:
    """Admit ``person`` as a member of ``type`` from ``admitted_on``.

    ``person`` is a ``Person``, or the fields of a new one (made in the same
    transaction). A current member cannot be admitted again; a former member
    can, from the day their last membership ended. The person gets a member
    number when they have none (the same series as the shareholders': one
    person, one number).
    """
    _check_date(admitted_on, field="admitted_on")
    if type is None:
        raise MembershipError(_("Choose the kind of membership."), field="type")
    with transaction.atomic():
        if isinstance(person, dict):
            person = Person.objects.create(**person)
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.erased_at is not None:
            raise MembershipError(_("This person's data was erased."))
        if person.memberships.current().exists():
            raise MembershipError(
                _("%(person)s is a member already.") % {"person": person}, field="person"
            )
        last_end = (
            person.memberships.former().order_by("-ended_on").values_list("ended_on", flat=True)
        ).first()
        if last_end is not None and admitted_on < last_end:
            raise MembershipError(
                _("%(person)s was a member until %(date)s: admit them from that day on.")
                % {"person": person, "date": _day(last_end)},
                field="admitted_on",
            )
        if person.member_number is None:
            person.member_number = next_number(MEMBER_NUMBER)
            person.save(update_fields=["member_number"])
        now = timezone.now()
        membership = Membership.objects.create(
            person=person,
            type=type,
            reduced_fee=reduced_fee,
            admitted_on=admitted_on,
            recorded_at=now,
            recorded_by=_user(actor),
        )
        log(
            membership,
            "members.membership.admitted",
            user=_user(actor),
            data={
                "date": admitted_on.isoformat(),
                "type": type.name,
                "late": is_late(admitted_on, now),
            },
        )
    return membership


def _end(membership: Membership, *, reason: str, ended_on: date, note: str, actor) -> Membership:
    _check_date(ended_on, field="ended_on")
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("person", "type")
            .get(pk=membership.pk)
        )
        if membership.ended_on is not None:
            raise MembershipError(
                _("This membership ended already, on %(date)s (%(reason)s).")
                % {
                    "date": _day(membership.ended_on),
                    "reason": membership.get_end_reason_display().lower(),
                }
            )
        if ended_on < membership.admitted_on:
            raise MembershipError(
                _("A membership cannot end before it began (admitted on %(date)s).")
                % {"date": _day(membership.admitted_on)},
                field="ended_on",
            )
        now = timezone.now()
        membership.ended_on = ended_on
        membership.end_reason = reason
        membership.end_note = note
        membership.end_recorded_at = now
        membership.end_recorded_by = _user(actor)
        membership.save(
            update_fields=[
                "ended_on",
                "end_reason",
                "end_note",
                "end_recorded_at",
                "end_recorded_by",
            ]
        )
        data = {"date": ended_on.isoformat(), "late": is_late(ended_on, now)}
        if note:
            data["reason"] = note
        log(membership, f"members.membership.{reason}", user=_user(actor), data=data)
        if reason == R.DEATH:
            _waive_open_dues(membership, actor=actor)
    return membership


def _waive_open_dues(membership: Membership, *, actor) -> None:
    """Nobody is asked to pay, nor reminded, for a member who died."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The member died.")
    for due in FeeDue.objects.filter(person=membership.person, status=FeeDue.Status.OPEN):
        due_waive(due=due, reason=reason, actor=actor)


def membership_resign(
    *, membership: Membership, ended_on: date, actor=None, note: str = ""
) -> Membership:
    """The member resigned (the date their letter or e-mail says, or the date it came in)."""
    return _end(membership, reason=R.RESIGNATION, ended_on=ended_on, note=note.strip(), actor=actor)


def membership_exclude(
    *, membership: Membership, ended_on: date, reason: str, actor=None
) -> Membership:
    """The general meeting excluded the member; the reason is kept in the register."""
    if not (reason or "").strip():
        raise MembershipError(_("Give the reason for the exclusion."), field="reason")
    return _end(membership, reason=R.EXCLUSION, ended_on=ended_on, note=reason.strip(), actor=actor)


def membership_record_death(
    *, membership: Membership, ended_on: date, actor=None, note: str = ""
) -> Membership:
    """The member died on ``ended_on``; fees still open are waived."""
    return _end(membership, reason=R.DEATH, ended_on=ended_on, note=note.strip(), actor=actor)


def membership_defaults_ensure() -> list[str]:
    """Give a vzw a first fee plan and membership type, which its board then edits.

    Written in the site's language; does nothing when there is a type already.
    Returns what it made.
    """
    if MembershipType.objects.exists():
        return []
    with translation.override(settings.LANGUAGE_CODE):
        plan = FeePlan.objects.create(
            name=_("Yearly membership fee"), amount=Decimal("15.00"), due_month=3, due_day=31
        )
        MembershipType.objects.create(
            name=_("Effective member"),
            description=_("A member with a vote at the general meeting."),
            voting_rights=True,
            fee_plan=plan,
        )
    return ["fee plan", "membership type"]
