import pytest


@pytest.fixture
def duo(make):
    """A young SCIC with an open need, and an experienced sponsor with one place."""
    mentee = make.organisation("Jeune Pousse", year_created=2023, commune_insee="62498")
    need = make.need(mentee, "gouvernance", "Organiser notre assemblée générale")
    mentor = make.organisation(
        "Vieux Chêne", year_created=2004, commune_insee="62510", mentor_capacity=1
    )
    make.offer(mentor, "gouvernance", "Animation d'assemblées générales")
    return {
        "mentee": mentee,
        "mentor": mentor,
        "need": need,
        "mentee_user": make.member(mentee),
        "mentor_user": make.member(mentor),
        "coordinator": make.coordinator(),
    }
