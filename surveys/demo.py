"""A demo programme: the first programme's 20 areas with synthetic responses.

Response and comment counts per area are the published ones (annex, Appendix 4), and the
ratings are drawn so that national statement means land close to the published Figures 3
and 5. Everything is generated from a seed, so the same seed gives the same data.
"""

import json
import random
import uuid
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .choices import ORGANISATION_TYPES, PRIMARY_ROLES, TIME_IN_SYSTEM
from .models import (
    MAX_POSITION,
    Area,
    Contact,
    Instrument,
    Programme,
    Response,
    Survey,
    rating_field,
)

PUBLISHED = Path(__file__).resolve().parent / "demo" / "published-results-2018.json"
DEMO_PROGRAMME = "Local system reviews 2017-18"
OPEN_AREAS = 2  # the last areas in review order are still open, so a person can respond

# Rough respondent mix (annex, Appendix 4): None is "did not answer", a tuple "multiple".
ORGANISATION_MIX = [
    ("health_provider", 38), ("health_commissioner", 12), ("social_care_commissioner", 11),
    ("social_care_provider", 14), ("voluntary_sector", 7), ("other", 6),
    (("health_provider", "social_care_provider"), 6), (None, 6),
]  # fmt: skip
ROLE_MIX = [
    ("direct_service_delivery", 36), ("operational_management", 27), ("senior_executive", 12),
    ("administrative", 11), ("other", 6),
    (("operational_management", "direct_service_delivery"), 5), (None, 3),
]  # fmt: skip
TIME_MIX = [("over_3_years", 78), ("1_to_3_years", 12), ("under_1_year", 7), (None, 3)]
OTHER_ROLES = ["Council officer", "Volunteer", "Finance", "Councillor", "Social worker"]
COMMENT_OPENINGS = [
    "Relationships between partners have improved over the last year",
    "Frontline teams work well together but senior decisions are made in silos",
    "There is a real will to work together",
    "Financial pressure gets in the way of joint working",
    "Changes in senior leadership have slowed progress",
    "Information sharing between health and social care is still difficult",
]
# A comment naming a person, as real ones sometimes do: the demo shows it redacted by a lead.
NAMED_COMMENT = "Dr Jane Example in the discharge team always finds a way to make things work."
NAMED_REDACTED = "[Name] in the discharge team always finds a way to make things work."
COMMENT_ENDINGS = [
    "and this benefits the people we care for.",
    "although delayed transfers of care cause tension.",
    "but IT systems do not talk to each other.",
    "and we need more time to build trust.",
    "and the voluntary sector is not always involved.",
]
assert {value for value, _ in ORGANISATION_TYPES} >= {
    v for v, _ in ORGANISATION_MIX if isinstance(v, str)
}
assert {value for value, _ in PRIMARY_ROLES} >= {v for v, _ in ROLE_MIX if isinstance(v, str)}
assert {value for value, _ in TIME_IN_SYSTEM} >= {v for v, _ in TIME_MIX if isinstance(v, str)}


def published_results() -> dict:
    return json.loads(PUBLISHED.read_text(encoding="utf-8"))


def target_means(published: dict, instrument: Instrument) -> dict[str, float]:
    """Published mean score of every statement, by code."""
    figure3 = published["figure3_statement_means"]
    figure5 = published["figure5_proximity_means"]
    return {
        s.code: figure3[s.attribute][s.dimension] if s.attribute else figure5[s.domain]
        for s in instrument.statements.all()
    }


def _pick(rng: random.Random, mix) -> str:
    values, weights = zip(*mix, strict=True)
    value = rng.choices(values, weights)[0]
    if value is None:
        return ""
    return ",".join(value) if isinstance(value, tuple) else value


def _ordered(answer: str, options) -> str:
    chosen = set(answer.split(",")) if answer else set()
    return ",".join(value for value, _ in options if value in chosen)


def _response(rng, survey, instrument, means, negative, codes, area_offset, with_comment, now):
    person_offset = rng.gauss(0, 0.45)
    ratings = {}
    for code in codes:
        if rng.random() < 0.03:  # a statement left unanswered
            continue
        p = min(max((means[code] + area_offset + person_offset) / MAX_POSITION, 0.02), 0.98)
        score = sum(rng.random() < p for _ in range(MAX_POSITION))
        ratings[rating_field(code)] = MAX_POSITION - score if negative[code] else score
    order = list(codes)
    if survey.randomise_order:
        rng.shuffle(order)
    role = _ordered(_pick(rng, ROLE_MIX), PRIMARY_ROLES)
    # Submitted while the survey was open: never before it opened, never in the future.
    seconds = max(int((min(survey.closes_at, now) - survey.opens_at).total_seconds()), 1)
    return Response(
        survey=survey,
        instrument=instrument,
        submission_key=uuid.UUID(int=rng.getrandbits(128)),
        submitted_on=timezone.localdate(
            survey.opens_at + timedelta(seconds=rng.randrange(seconds))
        ),
        statement_order=order,
        comment=f"{rng.choice(COMMENT_OPENINGS)} {rng.choice(COMMENT_ENDINGS)}"
        if with_comment
        else "",
        organisation_type=_ordered(_pick(rng, ORGANISATION_MIX), ORGANISATION_TYPES),
        primary_role=role,
        primary_role_other=rng.choice(OTHER_ROLES) if "other" in role.split(",") else "",
        time_in_system=_pick(rng, TIME_MIX),
        **ratings,
    )


LATE_RESPONSES = 12
CONTACT_ORGANISATIONS = [
    "County council adult social care", "Acute hospital trust", "Community health trust",
    "Clinical commissioning group", "Council for voluntary service", "Care home association",
]  # fmt: skip


def _contacts(rng, area: Area, closed: bool) -> list[Contact]:
    """The area's system contacts, as the programme's administrator imported them; in a
    closed area most have said how many colleagues they forwarded the survey to."""
    contacts = []
    for number in range(min(area.sent_to or 4, 8)):
        contacts.append(
            Contact.objects.create(
                area=area,
                name=f"Contact {number + 1}",
                email=f"contact{number + 1}.{area.slug}@example.org",
                organisation=CONTACT_ORGANISATIONS[number % len(CONTACT_ORGANISATIONS)],
                declared_reach=rng.randint(5, 60) if closed and rng.random() < 0.75 else None,
            )
        )
    return contacts


def _declare_reach(rng, contacts: list[Contact], batch: list[Response]) -> None:
    """What the contacts who declared said they reached: somewhat more colleagues than
    responded through their link (a response rate of 30% to 90%), and now and then fewer,
    as people forget whom they forwarded it to."""
    through = {contact.pk: 0 for contact in contacts}
    for response in batch:
        if response.branch is not None:
            through[response.branch.pk] += 1
    for contact in contacts:
        if contact.declared_reach is not None:
            rate = rng.uniform(0.3, 0.9) if rng.random() < 0.9 else rng.uniform(1.2, 2.0)
            contact.declared_reach = max(round(through[contact.pk] / rate), 1)
            contact.save(update_fields=["declared_reach"])


def _make_late(survey: Survey, batch: list[Response], now) -> None:
    """The most recent deadline had a grace period, still running: the last responses of
    the area came in after the deadline, today."""
    Survey.objects.filter(pk=survey.pk).update(late_until=now + timedelta(days=5))
    for response in batch[-LATE_RESPONSES:]:
        response.is_late = True
        response.submitted_on = timezone.localdate(now)


def demo_programme_create(*, scale: float = 1.0, seed: int = 2018, now=None) -> Programme:
    """Create the demo programme with its areas, surveys and synthetic responses."""
    now = now or timezone.now()
    rng = random.Random(seed)
    published = published_results()
    instrument = Instrument.objects.get(version="2017-09")
    statements = list(instrument.statements.all())
    codes = [s.code for s in statements]
    negative = {s.code: s.is_negative for s in statements}
    means = target_means(published, instrument)
    areas = published["areas_in_review_order"]
    changed_after = [a["area"] for a in areas].index(published["tool_changed_after_area"])
    deadline_base = now.replace(hour=17, minute=0, second=0, microsecond=0)

    with transaction.atomic():
        programme = Programme.objects.create(
            name=DEMO_PROGRAMME,
            slug=slugify(DEMO_PROGRAMME),
            organisation_name="Care Quality Commission",
            contact_email="relational-audit@example.org",
            retention_until=timezone.localdate(now) + timedelta(days=365),
        )
        for index, published_area in enumerate(areas):
            weeks_from_now = index - (len(areas) - OPEN_AREAS) + 1
            closes_at = deadline_base + timedelta(weeks=weeks_from_now)
            if weeks_from_now <= 0:
                closes_at -= timedelta(days=1)
            area = Area.objects.create(
                programme=programme,
                name=published_area["area"],
                slug=slugify(published_area["area"]),
                review_order=index + 1,
                sent_to=published_area["sent_to"],
            )
            survey = Survey.objects.create(
                area=area,
                instrument=instrument,
                # Open areas opened days ago, so that their responses so far are in the past.
                opens_at=min(closes_at - timedelta(days=14), now - timedelta(days=2)),
                closes_at=closes_at,
                # The first areas saw the statements in a fixed order (annex, Appendix 1).
                randomise_order=index > changed_after,
            )
            if survey.opens_at > now:
                continue  # not open yet: no responses
            total = max(round(published_area["responses"] * scale), 1)
            commented = set(
                rng.sample(
                    range(total), min(total, round(published_area["free_text_comments"] * scale))
                )
            )
            area_offset = rng.gauss(0, 0.15)
            contacts = _contacts(rng, area, closed=weeks_from_now <= 0)
            batch = [
                _response(
                    rng,
                    survey,
                    instrument,
                    means,
                    negative,
                    codes,
                    area_offset,
                    i in commented,
                    now,
                )
                for i in range(total)
            ]
            for response in batch:  # most came through a contact's link: the cascade
                response.branch = rng.choice(contacts) if rng.random() < 0.7 else None
            # A stream of its own, so that the reach declared leaves every other figure of
            # the demo as the main stream draws it.
            _declare_reach(random.Random(f"{seed}:reach:{area.slug}"), contacts, batch)
            if index == len(areas) - OPEN_AREAS - 1:
                _make_late(survey, batch, now)
            if index == 0 and commented:
                named = batch[min(commented)]
                named.comment, named.comment_redacted = NAMED_COMMENT, NAMED_REDACTED
            Response.objects.bulk_create(batch, batch_size=1000)
    return programme
