"""Options of the "about you" questions (annex, Appendix 3).

The values are public contracts: form field values, breakdown group keys in the summary
JSON, and export columns all use them.
"""

ORGANISATION_TYPES = [
    ("health_commissioner", "Health commissioner"),
    ("health_provider", "Health provider"),
    ("social_care_commissioner", "Social care commissioner"),
    ("social_care_provider", "Social care provider"),
    ("voluntary_sector", "Third or voluntary sector"),
    ("other", "Other"),
]

PRIMARY_ROLES = [
    ("senior_executive", "Senior executive"),
    ("direct_service_delivery", "Direct service delivery (health or social care practitioner)"),
    ("operational_management", "Operational management"),
    ("administrative", "Administrative"),
    ("other", "Other"),
]

TIME_IN_SYSTEM = [
    ("under_1_year", "Less than a year"),
    ("1_to_3_years", "Between one and three years"),
    ("over_3_years", "More than three years"),
]

# The three questions, by the response field (and summary breakdown key) that holds them.
DEMOGRAPHIC_QUESTIONS = {
    "organisation_type": ORGANISATION_TYPES,
    "primary_role": PRIMARY_ROLES,
    "time_in_system": TIME_IN_SYSTEM,
}

# Reporting groups added to every question's options (annex, Appendix 4).
MULTIPLE = "multiple"
DID_NOT_ANSWER = "did_not_answer"


def reporting_group(ticked: str) -> str:
    """The breakdown group of one stored answer: its option, "multiple" or "did_not_answer".

    Answers are stored as the ticked option values joined by commas, in option order.
    """
    if not ticked:
        return DID_NOT_ANSWER
    if "," in ticked:
        return MULTIPLE
    return ticked
