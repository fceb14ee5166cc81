"""Forms of the conventions: the convention itself, its statement's amounts, a sub-line."""

from decimal import Decimal

from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..web.forms import VersionForm, strip_filter
from .amounts import AmountError, input_value, parse_amount
from .services import ConventionData, problems_of

FIRST_YEAR, LAST_YEAR = 2000, 2100
DEFAULT_FUNDER = "Département du Pas-de-Calais"
DEFAULT_BENEFICIARY = "Cliss XXI"


class AmountField(StringField):
    """An amount in euros, typed the French way (``amounts.parse_amount``): ``amount`` holds
    the Decimal (None when empty), a bad amount is refused with the reason in French."""

    amount = None

    def process_data(self, value):
        # From the object (an edit page): the amount as the field shows it, « 17500 ».
        self.data = input_value(value) if isinstance(value, Decimal) else value
        self.amount = value if isinstance(value, Decimal) else None

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        try:
            self.amount = parse_amount(self.data if isinstance(self.data, str) else "")
        except AmountError as error:
            self.amount = None
            raise ValueError(str(error)) from None


def _check_year(_form, field):
    if field.data is not None and not FIRST_YEAR <= field.data.year <= LAST_YEAR:
        raise ValidationError(f"Une date entre {FIRST_YEAR} et {LAST_YEAR}.")


def _date(label: str, required: str | None = None, description: str = "") -> DateField:
    first = InputRequired(required) if required else Optional()
    return DateField(label, validators=[first, _check_year], description=description)


def _text(label: str, size: int, required: bool = True, **kwargs) -> StringField:
    validators = [DataRequired("Ce champ est obligatoire.")] if required else [Optional()]
    return StringField(
        label, filters=[strip_filter], validators=[*validators, Length(max=size)], **kwargs
    )


class ConventionForm(VersionForm):
    funder = _text("Financeur", 200, default=DEFAULT_FUNDER)
    reference = _text("Référence (n° de dossier)", 60, description="Par exemple 2024-03658.")
    decision = _text(
        "Décision",
        200,
        required=False,
        description="L'instance et sa date, par exemple « Commission Permanente du 27 mai 2024 ».",
    )
    decided_on = _date("Date de la décision")
    beneficiary = _text("Bénéficiaire", 200, default=DEFAULT_BENEFICIARY)
    title = _text("Intitulé de l'action", 300)
    period_start = _date("Début de la période", "Indiquez le début de la période.")
    period_end = _date("Fin de la période", "Indiquez la fin de la période.")
    aid_amount = AmountField(
        "Montant de l'aide (€)",
        validators=[InputRequired("Indiquez le montant de l'aide."), Length(max=30)],
        description="Le montant de la convention, par exemple 17 500.",
    )
    report_due = _date(
        "Bilan final à remettre au plus tard le",
        description="Article 6 de la convention 2024 : le 1er juin de l'année suivante.",
    )
    extension_before = _date(
        "Prolongation à demander avant le",
        description="Article 3 de la convention 2024 : six mois avant la fin de la période.",
    )
    report_sent = BooleanField("Bilan final remis au financeur")
    report_sent_on = _date("Remis le")
    notes = TextAreaField(
        "Observations", filters=[strip_filter], validators=[Optional(), Length(max=4000)]
    )

    @classmethod
    def for_convention(cls, convention, **kwargs):
        form = cls(obj=convention, **kwargs)
        if not form.is_submitted():
            form.version.data = str(convention.version)
        return form

    def data_object(self) -> ConventionData:
        return ConventionData(
            funder=self.funder.data,
            reference=self.reference.data,
            beneficiary=self.beneficiary.data,
            title=self.title.data,
            period_start=self.period_start.data,
            period_end=self.period_end.data,
            aid_amount=self.aid_amount.amount,
            decision=self.decision.data or "",
            decided_on=self.decided_on.data,
            report_due=self.report_due.data,
            extension_before=self.extension_before.data,
            report_sent=bool(self.report_sent.data),
            report_sent_on=self.report_sent_on.data,
            notes=self.notes.data or "",
        )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        # The rules between fields (period order, deadlines), on the field they concern.
        problems = problems_of(self.data_object())
        for name, message in problems.items():
            getattr(self, name).errors.append(message)
        return not problems


class StatementForm(VersionForm):
    """The amounts of a statement: three fields per editable line (:func:`build_statement_form`)."""

    def line_fields(self, line_id: int):
        return (
            self[f"budget_{line_id}"],
            self[f"actual_{line_id}"],
            self[f"explanation_{line_id}"],
        )

    def messages(self) -> list[str]:
        """Every error, each naming its line (the table is long: they are listed on top)."""
        return [
            f"{field.label.text} : {error}"
            for field in self
            if field.errors
            for error in field.errors
        ]


def build_statement_form(rows, convention, formdata=None) -> StatementForm:
    """A form with the fields of the statement's editable lines (``statement.Row``)."""

    class Form(StatementForm):
        pass

    editable = [row for row in rows if row.editable]
    for row in editable:
        setattr(
            Form,
            f"budget_{row.line_id}",
            AmountField(f"{row.name}, prévisionnel", validators=[Length(max=30)]),
        )
        setattr(
            Form,
            f"actual_{row.line_id}",
            AmountField(f"{row.name}, réalisé", validators=[Length(max=30)]),
        )
        setattr(
            Form,
            f"explanation_{row.line_id}",
            TextAreaField(
                f"{row.name}, explication de l'écart",
                filters=[strip_filter],
                validators=[Length(max=2000)],
            ),
        )
    form = Form(formdata=formdata) if formdata is not None else Form()
    if not form.is_submitted():
        form.version.data = str(convention.version)
        for row in editable:
            budget, actual, explanation = form.line_fields(row.line_id)
            budget.data = input_value(row.budget)
            actual.data = "" if row.auto else input_value(row.actual)
            explanation.data = row.explanation
    return form


class LineForm(VersionForm):
    """A new sub-line under an account of the statement."""

    head_id = IntegerField("Compte", validators=[InputRequired("Choisissez le compte.")])
    label = _text("Intitulé de la sous-ligne", 200)
