"""Coding schemes as data: ACLED event types, Admiralty grades, ICD 203 terms, TLP markings."""

from __future__ import annotations

from dataclasses import dataclass

# ACLED codebook (2023): 6 event types, 25 sub-event types, each with its disorder type.
POLITICAL_VIOLENCE = "Political violence"
DEMONSTRATIONS = "Demonstrations"
STRATEGIC = "Strategic developments"
PV_AND_DEMONSTRATIONS = "Political violence; Demonstrations"

DISORDER_TYPES: tuple[str, ...] = (
    POLITICAL_VIOLENCE,
    DEMONSTRATIONS,
    STRATEGIC,
    PV_AND_DEMONSTRATIONS,
)

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


def disorder_type_for(event_type: str, sub_event_type: str) -> str:
    """The ACLED disorder type implied by an event and sub-event type."""
    if sub_event_type == "Excessive force against protesters":
        return PV_AND_DEMONSTRATIONS
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return DEMONSTRATIONS
    if event_type == "Strategic developments":
        return STRATEGIC
    return POLITICAL_VIOLENCE


def event_type_of(sub_event_type: str) -> str | None:
    """The event type a sub-event type belongs to."""
    for event_type, subs in EVENT_TYPES.items():
        if sub_event_type in subs:
            return event_type
    return None


# ACLED time precision: how closely the date is known.
TIME_PRECISION = {1: "exact day", 2: "within a week", 3: "within a month"}
# ACLED geo precision: how closely the place is known.
GEO_PRECISION = {
    1: "exact place",
    2: "near the place / within the district",
    3: "province or region",
}

# ACLED inter codes for actor types.
INTER_CODES = {
    0: "No actor",
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

# Actor roles in an incident. A claim is kept apart from a suspicion.
PERPETRATOR = "perpetrator"
TARGET = "target"
CLAIMED_BY = "claimed_by"
SUSPECTED = "suspected"
ACTOR_ROLES = {
    PERPETRATOR: "Perpetrator",
    TARGET: "Target",
    CLAIMED_BY: "Claimed by",
    SUSPECTED: "Suspected",
}

CLAIM_STATUSES = {
    "unknown": "Not known",
    "unclaimed": "No claim of responsibility",
    "claimed": "Responsibility claimed",
    "denied": "Responsibility denied",
}

CASUALTY_KINDS = ("killed", "injured", "abducted")
STATUSES = ("draft", "reviewed")


@dataclass(frozen=True)
class Likelihood:
    """An ICD 203 expression of likelihood with its probability band."""

    term: str
    synonym: str
    low: int
    high: int


# ICD 203 (2015), section D.6.e: the seven terms in ascending order.
LIKELIHOODS: tuple[Likelihood, ...] = (
    Likelihood("almost no chance", "remote", 1, 5),
    Likelihood("very unlikely", "highly improbable", 5, 20),
    Likelihood("unlikely", "improbable", 20, 45),
    Likelihood("roughly even chance", "roughly even odds", 45, 55),
    Likelihood("likely", "probable", 55, 80),
    Likelihood("very likely", "highly probable", 80, 95),
    Likelihood("almost certain", "nearly certain", 95, 99),
)
LIKELIHOOD_TERMS = tuple(item.term for item in LIKELIHOODS)

# NATO Admiralty scale (AJP-2.1): source reliability A–F, information credibility 1–6.
RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}


def admiralty(reliability: str | None, credibility: int | None) -> str:
    """The combined Admiralty code, e.g. "B2"; F and 6 stand for unknown parts."""
    return f"{reliability or 'F'}{credibility or 6}"


SOURCE_KINDS = {
    "news": "News outlet or agency",
    "government": "Government or security body",
    "diplomatic": "Embassy or diplomatic mission",
    "armed_group": "Armed group statement",
    "analyst": "Analysts or research",
    "ngo": "NGO or international organisation",
    "social_media": "Social media",
    "local": "Local contact",
    "other": "Other",
}


@dataclass(frozen=True)
class TlpMarking:
    """A FIRST TLP 2.0 label: text colour on a black background."""

    label: str
    colour: str
    meaning: str


TLP: dict[str, TlpMarking] = {
    m.label: m
    for m in (
        TlpMarking("TLP:CLEAR", "#FFFFFF", "Recipients can spread this to the world."),
        TlpMarking("TLP:GREEN", "#33FF00", "Recipients can spread this within their community."),
        TlpMarking(
            "TLP:AMBER",
            "#FFC000",
            "Recipients can only spread this on a need-to-know basis within their "
            "organisation and its clients.",
        ),
        TlpMarking(
            "TLP:AMBER+STRICT",
            "#FFC000",
            "Recipients can only spread this on a need-to-know basis within their organisation.",
        ),
        TlpMarking("TLP:RED", "#FF2B2B", "For the eyes and ears of individual recipients only."),
    )
}

# The colour of each event type on a map, the app's and the reports' (Okabe-Ito colours,
# told apart with colour-blindness too); an unknown or empty type is drawn grey.
EVENT_COLOURS: dict[str, str] = {
    "Battles": "#D55E00",
    "Explosions/Remote violence": "#CC79A7",
    "Violence against civilians": "#8B1A1A",
    "Protests": "#0072B2",
    "Riots": "#E69F00",
    "Strategic developments": "#009E73",
}
OTHER_EVENT_COLOUR = "#7F7F7F"
