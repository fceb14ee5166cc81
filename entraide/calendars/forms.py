"""Forms the meetings of both kinds share: the cancellation, a feed address's renewal."""

from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from ..web.forms import FrenchForm, strip_filter


class CancelMeetingForm(FrenchForm):
    """« Annuler la rencontre », confirmed on its own page, with an optional reason."""

    reason = TextAreaField(
        "Motif (facultatif)",
        filters=[strip_filter],
        description="Il figure dans le courriel d'annulation envoyé aux personnes attendues.",
        validators=[Length(max=500, message="500 caractères au plus.")],
    )
    submit = SubmitField("Confirmer l'annulation")


class RenewFeedForm(FrenchForm):
    """« Renouveler l'adresse », confirmed on its own page (its CSRF token only)."""

    submit = SubmitField("Renouveler l'adresse")
