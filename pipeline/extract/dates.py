"""Normalise date expressions against the document's publication date.

Handles "May 15", "15 May", "May 15, 2024", "on the 14th", weekdays ("on Thursday",
"said Friday"), "today"/"yesterday", "N days ago", "a week ago", and "N days after <date>"
/ "N days later" / "48 hours before <date>" when the anchor is given. Anything vaguer ("earlier this
week", "in recent days", "in April") stays unresolved: no guessing.
"""
from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MDY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b", re.I)
_DMY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b", re.I)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_WEEKDAY = re.compile(r"\b(?P<qual>last\s+|next\s+|this\s+|on\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_AGO = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+days?\s+ago\b", re.I)
# "a week ago": the same weekday a week before (more weeks are a round figure: unresolved)
_WEEK_AGO = re.compile(r"\b(?:a|one)\s+week\s+ago\b", re.I)
# "on the 14th": a day of the month, the month left to the publication date
_NTH = re.compile(r"(?:on\s+)?(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)", re.I)
_OFFSET = re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+(?P<unit>days?|weeks?|hours?)\s+(?P<dir>after|later|before|earlier)\b", re.I)
# "48 hours": whole days counted in hours (a TIME to the NER), which can offset a day
DAY_HOURS = re.compile(r"(?P<n>\d+)\s+hours", re.I)


# "the day before", "the week after": one unit (not "the days before the vote")
_THE_OFFSET = re.compile(r"\bthe\s+(?P<unit>day|week)\s+(?P<dir>after|later|before|earlier)\b", re.I)


# "the next day", "the following week": one unit after the day last named
_FOLLOWING = re.compile(r"(?:on\s+)?the\s+(?:next|following)\s+(?P<unit>day|week)", re.I)


def following(text: str) -> int | None:
    """Days "the next day" / "the following week" (the whole text) adds to the day named
    before it; None for any other text."""
    m = _FOLLOWING.fullmatch(text.strip())
    if not m:
        return None
    return 7 if m["unit"].lower() == "week" else 1


def _num(s: str) -> int:
    return int(s) if s.isdigit() else NUMBERS[s.lower()]


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def absolute(text: str, published: dt.date | None, future: bool | None = False) -> dt.date | None:
    """A calendar date written out in ``text`` (year from ``published`` if missing).

    Without a year, a day later than publication is this year's if the text speaks
    of the future (``future=True``), last year's if of the past (``False``), and
    unresolved if the tense is unknown (``None``); a day earlier than publication
    is next year's if the text speaks of the future. "last year" says so outright.
    """
    m = _ISO.search(text)
    if m:
        return _safe(int(m["year"]), int(m["month"]), int(m["day"]))
    for rx in (_MDY, _DMY):
        m = rx.search(text)
        if m:
            month = MONTHS[m["month"].lower().rstrip(".")[:4] if m["month"].lower().startswith("sept") else m["month"].lower()[:3]]
            if m["year"]:
                return _safe(int(m["year"]), month, int(m["day"]))
            if published is None:
                return None
            if re.search(r"\blast year\b", text, re.I):
                return _safe(published.year - 1, month, int(m["day"]))
            d = _safe(published.year, month, int(m["day"]))
            if d and future and (published - d).days > 2:
                # "will vote on Feb. 23" in a December article: next year's
                return _safe(published.year + 1, month, int(m["day"]))
            if d and (d - published).days > 2 and not future:
                # "Nov. 17" in an August article about what happened: last year's
                return None if future is None and (d - published).days <= 180 else \
                    _safe(published.year - 1, month, int(m["day"]))
            return d
    return None


def day_of_month(text: str, published: dt.date | None, future: bool | None = False) -> dt.date | None:
    """'on the 14th': that day of the publication month, or of the month before if the day is
    still to come (the month after, if the text speaks of the future and the day has passed)."""
    m = _NTH.fullmatch(text.strip())
    if not m or published is None:
        return None
    day = int(m["day"])
    if future:
        if day >= published.day:
            return _safe(published.year, published.month, day)
        y, mo = (published.year + 1, 1) if published.month == 12 else (published.year, published.month + 1)
        return _safe(y, mo, day)
    if day <= published.day:
        return _safe(published.year, published.month, day)
    y, mo = (published.year - 1, 12) if published.month == 1 else (published.year, published.month - 1)
    return _safe(y, mo, day)


def weekday(text: str, published: dt.date | None, future: bool = False) -> dt.date | None:
    """The weekday named in ``text`` nearest to publication: on or before it, or after if ``future``."""
    m = _WEEKDAY.search(text)
    if not m or published is None:
        return None
    target = WEEKDAYS[m["wd"].lower()]
    qual = (m["qual"] or "").strip().lower()
    if qual == "next" or future:
        delta = (target - published.weekday()) % 7 or 7
        return published + dt.timedelta(days=delta)
    delta = (published.weekday() - target) % 7
    if qual == "last" and delta == 0:
        delta = 7
    return published - dt.timedelta(days=delta)


def resolve(text: str, published: dt.date | None, future: bool | None = False) -> dt.date | None:
    """Resolve one DATE expression; None when it names no single day.

    ``future``: the clause speaks of the future (True), the past (False) or either (None).
    """
    t = text.strip()
    low = t.lower()
    d = absolute(t, published, future) or day_of_month(t, published, future)
    if d:
        return d
    if published is None:
        return None
    if re.fullmatch(r"(?:on\s+)?today|(?:this|earlier today)", low):
        return published
    if low in ("yesterday", "last night"):
        return published - dt.timedelta(days=1)
    m = _AGO.search(low)
    if m:
        return published - dt.timedelta(days=_num(m["n"]))
    if _WEEK_AGO.search(low):
        return published - dt.timedelta(days=7)
    if _OFFSET.search(low):
        return None  # needs an anchor: see ``offset``
    if re.search(r"\b(week|month|year|weeks|months|years|days|recent|last few|early|late|mid)\b", low):
        return None
    return weekday(t, published, bool(future))


def nearest(text: str, published: dt.date | None) -> dt.date | None:
    """The day ``text`` names that lies nearer publication, before or after it: for a start
    ("from 1 April", "takes effect on Monday, February 9") that may be past or still ahead.
    A day of the week alone ("from Friday") is the last one, as in ``resolve``: news names the
    days just gone by so, and the coming ones "next Friday" or with a future verb."""
    past = resolve(text, published, future=False)
    if not (_MDY.search(text) or _DMY.search(text) or _NTH.fullmatch(text.strip())):
        return past
    ahead = resolve(text, published, future=True)
    if past is None or ahead is None or published is None:
        return past or ahead
    return ahead if abs((ahead - published).days) < abs((past - published).days) else past


def offset(text: str) -> int | None:
    """Days added by "three days after" / "two days later" / "the day before" / "48 hours
    before" (negative for before)."""
    m = _OFFSET.search(text)
    if m and m["unit"].lower().startswith("hour"):
        # "48 hours before": whole days only ("36 hours" names no day)
        hours = _num(m["n"])
        if hours % 24:
            return None
        n = hours // 24
    elif m:
        n = _num(m["n"]) * (7 if m["unit"].lower().startswith("week") else 1)
    else:
        m = _THE_OFFSET.search(text)
        if not m:
            return None
        n = 7 if m["unit"].lower() == "week" else 1
    return -n if m["dir"].lower() in ("before", "earlier") else n
