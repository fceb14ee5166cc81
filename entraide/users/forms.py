"""Inviting people; each person's own account page."""

from wtforms import BooleanField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

from ..core.extensions import db
from ..models import Organisation, User
from ..models.user import ROLES
from ..phone import PHONE_INPUT_MAX, PHONE_PROBLEM, normalise_phone
from ..web.forms import FrenchForm, email_validator, lower_filter, select_choices, strip_filter


class InviteForm(FrenchForm):
    email = EmailField(
        "Adresse électronique",
        filters=[lower_filter],
        validators=[
            DataRequired("Indiquez l'adresse électronique."),
            Length(max=254),
            email_validator(),
        ],
    )
    name = StringField("Nom et prénom", filters=[strip_filter], validators=[Length(max=120)])
    role = SelectField("Rôle", choices=select_choices(ROLES), default="member")
    organisation_id = SelectField("Organisation (pour un membre)", coerce=int, choices=[])
    submit = SubmitField("Inviter")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = db.session.execute(
            db.select(Organisation.id, Organisation.name)
            .where(Organisation.archived_at.is_(None))
            .order_by(Organisation.name_key)
        ).all()
        self.organisation_id.choices = select_choices(
            [(0, "Aucune")] + [(o.id, o.name) for o in orgs]
        )

    def validate_email(self, field):
        if db.session.execute(db.select(User.id).filter_by(email=field.data)).first():
            raise ValidationError("Un compte existe déjà pour cette adresse.")

    def validate_organisation_id(self, field):
        if self.role.data == "member" and not field.data:
            raise ValidationError("Un membre doit être rattaché à une organisation.")
        if self.role.data != "member" and field.data:
            raise ValidationError("Seuls les membres sont rattachés à une organisation.")


class AccountForm(FrenchForm):
    """« Mon compte »: the name others read, and (for a member) the contact choice."""

    name = StringField(
        "Nom et prénom",
        filters=[strip_filter],
        validators=[
            DataRequired("Indiquez votre nom."),
            Length(max=120, message="120 caractères au plus."),
        ],
    )
    entraide_contact = BooleanField(
        "Je suis personne de contact pour l'entraide",
        description=(
            "Les organisations partenaires de la vôtre (parrainages, groupe territorial, "
            "appels à l'entraide) voient alors votre nom, votre adresse électronique et "
            "votre téléphone. Jamais le financeur ni l'annuaire public."
        ),
    )
    phone = StringField(
        "Téléphone (facultatif)",
        filters=[strip_filter],
        description="Un numéro français, par exemple 03 21 12 34 56. Montré seulement si "
        "vous êtes personne de contact.",
        render_kw={"autocomplete": "tel", "inputmode": "tel"},
    )
    submit = SubmitField("Enregistrer")

    def validate_phone(self, field):
        if len(field.data or "") > PHONE_INPUT_MAX:
            raise ValidationError(PHONE_PROBLEM)
        try:
            self.phone_value = normalise_phone(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
