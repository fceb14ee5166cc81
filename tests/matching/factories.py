"""Small builders of organisation profiles for the matching tests (no app, no database)."""

from entraide.matching import NeedItem, OfferItem, OrgProfile

# Commune centres (WGS84) used to plant realistic scenarios.
PLACES = {
    "Lens": (50.4328, 2.8317),
    "Liévin": (50.4228, 2.7786),
    "Arras": (50.2910, 2.7775),
    "Béthune": (50.5303, 2.6408),
    "Calais": (50.9513, 1.8587),
    "Boulogne-sur-Mer": (50.7264, 1.6147),
    "Saint-Omer": (50.7500, 2.2522),
    "Lille": (50.6292, 3.0573),
}


def org(id, name=None, place=None, **fields):
    """An organisation; ``place`` is a key of :data:`PLACES` (sets lat, lon, commune)."""
    if place is not None:
        lat, lon = PLACES[place]
        fields = {"lat": lat, "lon": lon, "commune_name": place, **fields}
    return OrgProfile(id=id, name=name or f"Org {id}", **fields)


def young(id, *themes, place="Lens", year=2023, urgency="normal", text="", **fields):
    """A young SCIC with one open need per theme."""
    needs = tuple(NeedItem(100 * id + i, t, text, urgency) for i, t in enumerate(themes))
    return org(id, place=place, year_created=year, is_young=True, needs=needs, **fields)


def elder(id, *themes, place="Liévin", year=2008, capacity=2, text="", **fields):
    """An experienced SCIC offering the themes, with sponsorship capacity."""
    offers = tuple(OfferItem(100 * id + i, t, text) for i, t in enumerate(themes))
    return org(
        id, place=place, year_created=year, mentor_capacity=capacity, offers=offers, **fields
    )
