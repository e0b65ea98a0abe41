"""Phone numbers as people type them, read with Google's libphonenumber (`phonenumbers`): one
reading for the enquiry forms and the chat's contact form."""

from __future__ import annotations

import phonenumbers


def e164(text: str, region: str | None = None) -> str | None:
    """The number in E.164 form (+85291234567), or None when it is not a valid number.

    `region` (ISO 3166-1, "HK", "CN") is where a number typed without its country code is read:
    "9123 4567" from a Hong Kong applicant is +852 9123 4567. Without a region the country code
    is required.
    """
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
