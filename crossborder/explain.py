"""Why an insurer matches an applicant, in the applicant's words and language.

The routing rules (`crossborder.routing`) decide; this only states, for an insurer they matched,
the facts those rules checked: its licence, the line, its appetite and where it keeps the data.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from crossborder.models import MAINLAND_JURISDICTIONS, ApplicantJurisdiction, DataLocation, InsurerAppetite
from crossborder.routing import Applicant, data_location
from portal.models import Insurer, ProductLine


def match_reasons(applicant: Applicant, insurer: Insurer) -> list[str]:
    """Plain reasons, one a sentence, for an insurer that `routing.matches` returned."""
    appetite = InsurerAppetite.objects.filter(insurer=insurer).first()
    reasons = [
        _licence(applicant, insurer),
        _("offers %(line)s") % {"line": ProductLine(applicant.product_line).label},
    ]
    reasons += _appetite(applicant)
    reasons.append(_where_data_stays(applicant, insurer, appetite))
    return [r for r in reasons if r]


def _licence(applicant: Applicant, insurer: Insurer) -> str:
    if applicant.jurisdiction == ApplicantJurisdiction.HK:
        return _("authorised by the Hong Kong Insurance Authority to sell to you")
    if applicant.jurisdiction in MAINLAND_JURISDICTIONS:
        return _("licensed on the mainland, where you are based")
    return ""


def _appetite(applicant: Applicant) -> list[str]:
    """The appetite checks the applicant's answers passed. Stated for every matched insurer alike,
    whether it passed them by a limit it has (a turnover band, excluded countries) or by having
    none: the applicant compares insurers on the same facts."""
    reasons = []
    if applicant.jurisdiction:
        reasons.append(
            _("takes enquiries from %(where)s")
            % {"where": ApplicantJurisdiction(applicant.jurisdiction).label}
        )
    if applicant.turnover_hkd is not None:
        reasons.append(_("takes businesses of your turnover"))
    if applicant.countries:
        reasons.append(_("covers the countries you named"))
    if applicant.us_listing:
        reasons.append(_("can arrange the US product liability cover that US listings need"))
    if applicant.underwriter_only:
        reasons.append(_("has an underwriter look at cases like yours"))
    return reasons


def _where_data_stays(applicant: Applicant, insurer: Insurer, appetite: InsurerAppetite | None) -> str:
    location = data_location(insurer, appetite)
    if location == DataLocation.HK:
        if applicant.jurisdiction == ApplicantJurisdiction.HK:
            return _("keeps your details in Hong Kong")
        return _("keeps your details in Hong Kong, with your consent to the transfer")
    if applicant.jurisdiction == ApplicantJurisdiction.HK:
        return _("keeps your details in a mainland Greater Bay Area city, with your consent to the transfer")
    return _("keeps your details on the mainland")
