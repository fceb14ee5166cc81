"""Forms of the actions register: the action, the list's filters, a document."""

from datetime import date

from flask_wtf.file import FileField, FileRequired
from sqlalchemy import or_, select
from wtforms import (
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.extensions import db
from ..geo.gazetteer import get_gazetteer
from ..models import Organisation
from ..models.action import (
    ACTION_KINDS,
    ACTION_STATUSES,
    AUDIENCES,
    AXES,
    DOCUMENT_KINDS,
    split_names,
)
from ..web.forms import FrenchForm, VersionForm, row_id, select_choices, strip_filter
from .services import MAX_COUNT, ActionData


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _count(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            Optional(),
            NumberRange(0, MAX_COUNT, "Indiquez un nombre positif ou nul (1 000 000 au plus)."),
        ],
    )


class ActionForm(VersionForm):
    title = StringField(
        "Intitulé",
        filters=[strip_filter],
        validators=[
            DataRequired("Donnez un intitulé à l'action."),
            Length(max=200, message="200 caractères au plus."),
        ],
    )
    axis = SelectField(
        "Axe de la convention",
        coerce=int,
        choices=select_choices([(n, f"Axe {n} – {label}") for n, label in AXES.items()]),
        validators=[InputRequired("Choisissez l'axe.")],
    )
    kind = SelectField("Type d'action", choices=select_choices(ACTION_KINDS))
    status = SelectField("Statut", choices=select_choices(ACTION_STATUSES), default="planned")
    held_on = DateField("Date", validators=[InputRequired("Indiquez la date.")])
    ends_on = DateField(
        "Date de fin",
        validators=[Optional()],
        description="Seulement si l'action dure plusieurs jours.",
    )
    commune = StringField(
        "Commune",
        filters=[strip_filter],
        validators=[Length(max=120, message="120 caractères au plus.")],
        description="Une commune du Pas-de-Calais (« Arras » ou « Lens (62300) »). "
        "Vide pour une action sans lieu (site, réseaux sociaux) ou hors du département.",
    )
    place_label = StringField(
        "Lieu",
        filters=[strip_filter],
        validators=[Length(max=200, message="200 caractères au plus.")],
        description="Salle, adresse, ou lieu hors du Pas-de-Calais.",
    )
    host_ids = SelectMultipleField(
        "Organisations membres qui accueillent ou organisent",
        coerce=row_id,
        description="Ctrl (ou Cmd) + clic pour en choisir plusieurs.",
        render_kw={"size": 6},
    )
    outside_hosts = StringField(
        "Structures extérieures qui accueillent ou organisent",
        filters=[strip_filter],
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
        description="Séparées par « ; » : Département du Pas-de-Calais ; APES…",
    )
    partner_ids = SelectMultipleField(
        "Organisations membres partenaires ou présentes",
        coerce=row_id,
        description="Ctrl (ou Cmd) + clic pour en choisir plusieurs.",
        render_kw={"size": 8},
    )
    outside_partners = TextAreaField(
        "Partenaires et structures extérieures présentes",
        filters=[strip_filter],
        validators=[Length(max=2000, message="2 000 caractères au plus.")],
        description="Séparés par « ; » ou un par ligne : mission ESS du Département, "
        "APES, RTES, une commune…",
    )
    audience = MultiCheckboxField("Public", choices=select_choices(AUDIENCES))
    people_count = _count("Personnes présentes")
    organisations_count = _count("Organisations présentes")
    account = TextAreaField(
        "Compte rendu court",
        filters=[strip_filter],
        validators=[Length(max=5000, message="5 000 caractères au plus.")],
        description="Ce qui s'est dit ou fait, les suites : il nourrit le bilan du Département.",
    )
    submit = SubmitField("Enregistrer l'action")

    def __init__(self, *args, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resolved_commune = None
        linked = [link.organisation_id for link in action.links] if action else []
        orgs = db.session.execute(
            select(Organisation)
            .where(or_(Organisation.archived_at.is_(None), Organisation.id.in_(linked)))
            .order_by(Organisation.name_key)
        ).scalars()
        self._organisations = {org.id: org for org in orgs}
        options = select_choices([(i, org.name) for i, org in self._organisations.items()])
        self.host_ids.choices = options
        self.partner_ids.choices = options

    def validate_ends_on(self, field):
        if field.data and self.held_on.data and field.data < self.held_on.data:
            raise ValidationError("La date de fin ne peut pas précéder la date de début.")

    def validate_status(self, field):
        last = self.ends_on.data or self.held_on.data
        if field.data == "held" and last and last > date.today():
            raise ValidationError(
                "Une action réalisée ne peut pas être dans le futur : choisissez « Prévue »."
            )

    def validate_commune(self, field):
        if field.data:
            commune, problem = get_gazetteer().resolve_with_error(field.data)
            if problem:
                raise ValidationError(problem)
            self.resolved_commune = commune

    def validate_partner_ids(self, field):
        if set(field.data or ()) & set(self.host_ids.data or ()):
            raise ValidationError(
                "Une organisation ne peut pas être à la fois accueillante et partenaire."
            )

    def action_data(self, month_only: bool = False) -> ActionData:
        return ActionData(
            axis=self.axis.data,
            kind=self.kind.data,
            title=self.title.data,
            held_on=self.held_on.data,
            status=self.status.data,
            ends_on=self.ends_on.data,
            month_only=month_only and self.held_on.data.day == 1,
            commune_insee=self.resolved_commune.insee if self.resolved_commune else None,
            place_label=self.place_label.data or "",
            hosts=[self._organisations[i] for i in dict.fromkeys(self.host_ids.data or ())],
            partners=[self._organisations[i] for i in dict.fromkeys(self.partner_ids.data or ())],
            outside_hosts=split_names(self.outside_hosts.data),
            outside_partners=split_names(self.outside_partners.data),
            audience=list(self.audience.data or ()),
            people_count=self.people_count.data,
            organisations_count=self.organisations_count.data,
            account=self.account.data or "",
        )


def action_form_data(action) -> dict:
    """An existing action as the form's initial values."""
    commune = action.commune
    return {
        "title": action.title,
        "axis": action.axis,
        "kind": action.kind,
        "status": action.status,
        "held_on": action.held_on,
        "ends_on": action.ends_on,
        "commune": commune.label if commune else "",
        "place_label": action.place_label,
        "host_ids": [o.id for o in action.host_organisations],
        "outside_hosts": action.outside_hosts,
        "partner_ids": [o.id for o in action.partner_organisations],
        "outside_partners": action.outside_partners,
        "audience": action.audience,
        "people_count": action.people_count,
        "organisations_count": action.organisations_count,
        "account": action.account,
        "version": action.version,
    }


class ActionFilterForm(FrenchForm):
    """Filters of the register (GET, no CSRF)."""

    class Meta:
        csrf = False

    axe = SelectField(
        "Axe",
        default="",
        choices=select_choices([("", "Tous")] + [(str(n), f"Axe {n}") for n in AXES]),
    )
    annee = IntegerField(
        "Année",
        validators=[Optional(), NumberRange(2000, 2100, "Une année entre 2000 et 2100.")],
    )
    statut = SelectField(
        "Statut", default="", choices=select_choices([("", "Tous")] + list(ACTION_STATUSES.items()))
    )


class DocumentForm(FrenchForm):
    kind = SelectField(
        "Type de pièce",
        choices=select_choices([("", "Choisissez…")] + list(DOCUMENT_KINDS.items())),
        validators=[DataRequired("Choisissez le type de pièce.")],
    )
    file = FileField(
        "Fichier",
        validators=[FileRequired("Choisissez un fichier.")],
        description="PDF, PNG ou JPEG, 10 Mo au plus.",
        render_kw={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"},
    )
    submit = SubmitField("Joindre la pièce")
