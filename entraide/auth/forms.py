"""Forms of the accounts feature."""

from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from ..web.forms import FrenchForm, StrongPassword, email_validator, lower_filter


class LoginForm(FrenchForm):
    email = EmailField(
        "Adresse électronique",
        filters=[lower_filter],
        validators=[DataRequired("Indiquez votre adresse électronique."), Length(max=254)],
    )
    password = PasswordField(
        "Mot de passe", validators=[DataRequired("Indiquez votre mot de passe."), Length(max=128)]
    )
    submit = SubmitField("Se connecter")


class SetPasswordForm(FrenchForm):
    """Used by the invitation link and the password reset link."""

    password = PasswordField(
        "Nouveau mot de passe",
        validators=[DataRequired("Choisissez un mot de passe."), StrongPassword()],
        description="12 caractères au moins ; évitez les mots de passe courants.",
    )
    confirm = PasswordField(
        "Confirmez le mot de passe",
        validators=[
            DataRequired("Confirmez le mot de passe."),
            EqualTo("password", "Les deux mots de passe ne sont pas identiques."),
        ],
    )
    submit = SubmitField("Enregistrer le mot de passe")


class ChangePasswordForm(SetPasswordForm):
    current = PasswordField(
        "Mot de passe actuel", validators=[DataRequired("Indiquez votre mot de passe actuel.")]
    )
    submit = SubmitField("Changer le mot de passe")


class ResetRequestForm(FrenchForm):
    email = EmailField(
        "Adresse électronique",
        filters=[lower_filter],
        validators=[
            DataRequired("Indiquez votre adresse électronique."),
            email_validator(),
            Length(max=254),
        ],
    )
    submit = SubmitField("Recevoir un lien")
