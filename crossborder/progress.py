"""How an enquiry stands as its applicant sees it: the stored status, read together with what
the insurers did with it (an enquiry every insurer declined is no longer "sent to insurers")."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy

from crossborder.models import Enquiry, Lead

# Shown instead of "sent to insurers" when no insurer that received it is still considering it.
ALL_DECLINED = "all_declined"
ALL_DECLINED_LABEL = gettext_lazy("every insurer declined")

# Shown instead of "no insurer matched" when nothing was sent because sharing was not agreed to.
NOT_SHARED = "not_shared"
NOT_SHARED_LABEL = gettext_lazy("not passed on: you did not agree that we share your details")

# Statuses that leave nothing pending: an expired lead was passed on to another insurer, whose
# own lead is in the list.
_CLOSED_WITHOUT_OFFER = frozenset({Lead.Status.DECLINED, Lead.Status.EXPIRED})


def overall(status: str, leads: Sequence[Lead], *, shared: bool = True) -> tuple[str, str]:
    """The status code the page branches on and its words in the page's language; `shared`:
    whether the applicant agreed that the enquiry is passed on to insurers."""
    if status == Enquiry.Status.NOT_ROUTED and not shared:
        return NOT_SHARED, str(NOT_SHARED_LABEL)
    declined = [lead for lead in leads if lead.status == Lead.Status.DECLINED]
    if (
        status == Enquiry.Status.ROUTED
        and declined
        and all(lead.status in _CLOSED_WITHOUT_OFFER for lead in leads)
    ):
        return ALL_DECLINED, str(ALL_DECLINED_LABEL)
    return status, str(Enquiry.Status(status).label)


def decline_reason(lead: Lead) -> str:
    """The reason the insurer gave when it declined (kept in quote_notes: no quote precedes a
    decline), or "" for a lead that is not declined."""
    return lead.quote_notes.strip() if lead.status == Lead.Status.DECLINED else ""


# What each lead status means to the insurer, in plain words (the labels alone read as codes).
INSURER_STATUS = {
    Lead.Status.NEW: gettext_lazy("New: accept or decline it"),
    Lead.Status.DELIVERED: gettext_lazy("New (received by your system): accept or decline it"),
    Lead.Status.ACCEPTED: gettext_lazy("Accepted: record a quote"),
    Lead.Status.DECLINED: gettext_lazy("Declined"),
    Lead.Status.QUOTED: gettext_lazy("Quote sent to the applicant"),
    Lead.Status.WON: gettext_lazy("Won: the applicant took up your quote"),
    Lead.Status.LOST: gettext_lazy("Lost: closed without a policy"),
    Lead.Status.EXPIRED: gettext_lazy("Not acknowledged in time: passed to another insurer"),
}


def insurer_status(lead: Lead) -> str:
    return str(INSURER_STATUS[Lead.Status(lead.status)])


# The confirmation an insurer sees after each action on the lead page.
DONE = {
    "accept": gettext_lazy("You accepted this lead. Record a quote when it is ready."),
    "quote": gettext_lazy("Your quote is recorded. The applicant can see it on their status page."),
    "decline": gettext_lazy("You declined this lead. The applicant can see your reason."),
    "won": gettext_lazy("The lead is marked as won."),
    "lost": gettext_lazy("The lead is marked as lost."),
    "undo": gettext_lazy("Your last change is undone."),
}
