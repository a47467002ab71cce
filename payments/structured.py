"""Belgian structured communication (OGM/VCS): ``+++ddd/dddd/ddddd+++``.

Ten digits and two check digits: the first ten taken mod 97, and 97 when that
is 0. The arithmetic is python-stdnum's (``stdnum.be.ogm_vcs``); this module is
the one place the rest of the code asks, so the library can be swapped.
"""

from __future__ import annotations

import secrets

from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError as StdnumError

# The ten digits before the check digits: never all zeros (the format refuses 0).
BASE_MIN = 1
BASE_MAX = 10**10 - 1


def from_base(base: int) -> str:
    """The 12 digits of the structured communication whose first ten are ``base``."""
    if not BASE_MIN <= base <= BASE_MAX:
        raise ValueError(f"base out of range: {base}")
    digits = f"{base:010d}"
    return digits + ogm_vcs.calc_check_digits(digits)


def random_reference() -> str:
    """A fresh reference, not guessable from another (uniqueness is the database's job)."""
    return from_base(BASE_MIN + secrets.randbelow(BASE_MAX - BASE_MIN + 1))


def compact(text: str) -> str | None:
    """The 12 digits of a structured communication as people and banks write it
    (``+++090/9337/55493+++``, ``***...***``, ``090933755493``), or None when it is
    not a valid one (wrong length, letters, a wrong check)."""
    cleaned = (text or "").strip().strip("+*").strip()
    try:
        return ogm_vcs.validate(cleaned)
    except StdnumError:
        return None


def is_valid(text: str) -> bool:
    return compact(text) is not None


def display(reference: str) -> str:
    """``+++ddd/dddd/ddddd+++``, as printed on a transfer form."""
    return f"+++{ogm_vcs.format(reference)}+++"
