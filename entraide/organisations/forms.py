"""Forms for organisation profiles."""

from datetime import date

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, DataRequired, Length, NumberRange, Optional, ValidationError

from ..geo.gazetteer import get_gazetteer
from ..models.organisation import LEGAL_FORMS, STATUSES
from ..themes import SECTORS
from ..web.forms import FrenchForm, email_validator, lower_filter, select_choices, strip_filter
from .services import name_problem


def _choices(mapping: dict, blank: str | None = None):
    choices = list(mapping.items())
    return select_choices(([("", blank)] + choices) if blank is not None else choices)


class OrganisationForm(FrenchForm):
    """The profile a member edits; the coordinator gets the extra fields below."""

    name = StringField(
        "Nom",
        filters=[strip_filter],
        validators=[DataRequired("Indiquez le nom."), Length(max=200)],
    )
    status = SelectField("Statut", choices=_choices(STATUSES))
    commune = StringField(
        "Commune",
        filters=[strip_filter],
        validators=[Length(max=120)],
        description="Nom d'une commune du Pas-de-Calais, avec son code postal si besoin "
        "(« Lens (62300) ») ; le code INSEE est aussi accepté. Hors département, "
        "laissez vide et donnez la ville et les coordonnées ci-dessous ; laissez tout vide "
        "si le lieu n'est pas encore connu.",
    )
    town_label = StringField(
        "Ville (hors Pas-de-Calais)",
        filters=[strip_filter],
        validators=[Optional(), Length(max=120)],
    )
    latitude = FloatField(
        "Latitude",
        validators=[
            Optional(),
            NumberRange(-90, 90, "La latitude doit être comprise entre -90 et 90."),
        ],
    )
    longitude = FloatField(
        "Longitude",
        validators=[
            Optional(),
            NumberRange(-180, 180, "La longitude doit être comprise entre -180 et 180."),
        ],
    )
    year_created = IntegerField("Année de création", validators=[Optional()])
    member_since = DateField(
        "Membre du réseau depuis",
        validators=[Optional()],
        description="Date d'entrée dans le réseau (pas celle de la saisie dans Entraide) : "
        "elle compte pour les bilans des périodes passées.",
    )
    sector = SelectField("Secteur", choices=_choices(SECTORS))
    legal_form = SelectField("Forme juridique", choices=_choices(LEGAL_FORMS, "Non précisée"))
    colleges = StringField(
        "Collèges de sociétaires",
        filters=[strip_filter],
        validators=[Optional(), Length(max=500)],
        description="Par exemple : salariés, usagers, bénévoles, collectivités.",
    )
    employees = IntegerField(
        "Nombre de salariés",
        validators=[Optional(), NumberRange(0, 100000, "Le nombre de salariés doit être positif.")],
    )
    members_count = IntegerField(
        "Nombre de sociétaires",
        validators=[
            Optional(),
            NumberRange(0, 1000000, "Le nombre de sociétaires doit être positif."),
        ],
    )
    description = TextAreaField(
        "Présentation", filters=[strip_filter], validators=[Optional(), Length(max=5000)]
    )
    website = URLField(
        "Site web",
        filters=[strip_filter],
        validators=[
            Optional(),
            Length(max=300),
            URL(message="Adresse de site invalide (https://…)."),
        ],
    )
    contact_email = EmailField(
        "Courriel de contact",
        filters=[lower_filter],
        validators=[Optional(), Length(max=254), email_validator()],
    )
    mentor_capacity = IntegerField(
        "Capacité de parrainage",
        default=0,
        validators=[
            Optional(),
            NumberRange(0, 20, "La capacité doit être comprise entre 0 et 20."),
        ],
        description="Nombre de jeunes SCIC que vous pouvez parrainer en même temps "
        "(0 : pas de parrainage).",
    )
    proposable_sponsor = BooleanField(
        "Accepter d'être proposée comme SCIC marraine",
        description="Les jeunes SCIC vous verront dans « Qui peut m'aider ? » et pourront "
        "demander votre parrainage sur les thèmes de vos offres ; la coordination valide "
        "chaque demande et votre accord reste demandé. Il faut aussi une capacité de "
        "parrainage d'au moins 1.",
    )
    public_directory = BooleanField("Apparaître dans l'annuaire public du réseau")
    in_difficulty = BooleanField("En difficulté (visible de la coordination seulement)")
    submit = SubmitField("Enregistrer")

    def __init__(self, *args, organisation=None, coordinator=False, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation = organisation
        self.resolved_commune = None
        if not isinstance(self.commune.data, str | None):
            # obj=org fills this text field with the Commune of ``Organisation.commune``
            # (a POST without the field kept it, and Length() then crashed): start empty.
            self.commune.data = None
        if not coordinator:
            del self.in_difficulty
            del self.member_since

    def validate_name(self, field):
        current_id = self._organisation.id if self._organisation else None
        if field.errors:
            return  # one message at a time: "too long" already says what to do
        if problem := name_problem(field.data, exclude_id=current_id):
            raise ValidationError(problem)

    def validate_year_created(self, field):
        if field.data is not None and not 1844 <= field.data <= date.today().year:
            raise ValidationError(
                f"L'année de création doit être comprise entre 1844 et {date.today().year}."
            )

    def validate_member_since(self, field):
        if field.data is not None and not date(1844, 1, 1) <= field.data <= date.today():
            raise ValidationError(
                "La date d'entrée dans le réseau doit être comprise entre 1844 et aujourd'hui."
            )

    def validate_commune(self, field):
        if not field.data:
            if not field.raw_data:  # not sent at all (a crafted POST): never erase the place
                raise ValidationError(
                    "Indiquez une commune du Pas-de-Calais (laissez le champ vide si le lieu "
                    "n'est pas connu)."
                )
            return  # unknown, or outside the département with its coordinates below
        commune, problem = get_gazetteer().resolve_with_error(field.data)
        if problem:
            raise ValidationError(problem)
        self.resolved_commune = commune

    # Optional() stops the chain of an empty field, so each coordinate checks the other.
    def validate_latitude(self, field):
        if self.longitude.data is None:
            raise ValidationError("Donnez la latitude et la longitude ensemble.")

    def validate_longitude(self, field):
        if self.latitude.data is None:
            raise ValidationError("Donnez la latitude et la longitude ensemble.")

    def profile_data(self) -> dict:
        """The validated values, keyed by model attribute."""
        data = {
            name: getattr(self, name).data
            for name in (
                "name",
                "status",
                "town_label",
                "latitude",
                "longitude",
                "year_created",
                "sector",
                "colleges",
                "employees",
                "members_count",
                "description",
                "website",
                "contact_email",
                "proposable_sponsor",
                "public_directory",
            )
        }
        data["legal_form"] = self.legal_form.data or None
        data["mentor_capacity"] = self.mentor_capacity.data or 0
        data["commune_insee"] = self.resolved_commune.insee if self.resolved_commune else None
        for key in ("town_label", "colleges", "description", "website", "contact_email"):
            data[key] = data[key] or None
        if self.in_difficulty is not None:  # deleted fields stay as None attributes
            data["in_difficulty"] = self.in_difficulty.data
        if self.member_since is not None:
            data["member_since"] = self.member_since.data
        return data
