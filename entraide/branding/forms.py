"""The logo upload form."""

from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField, ValidationError
from wtforms.validators import DataRequired, Length

from ..models.branding import DEFAULT_LOGO_ALT
from ..web.forms import FrenchForm
from .images import LogoRefused, inspect_logo


class LogoForm(FrenchForm):
    file = FileField(
        "Fichier du logo (PNG ou SVG)",
        validators=[FileRequired("Choisissez le fichier du logo.")],
        description="Une image PNG ou SVG d'un mégaoctet au plus, telle que le Département "
        "la fournit. Un SVG qui contient un script, un lien ou une ressource extérieure est "
        "refusé.",
        render_kw={"accept": ".png,.svg,image/png,image/svg+xml"},
    )
    alt_text = StringField(
        "Texte de remplacement",
        default=DEFAULT_LOGO_ALT,
        validators=[
            DataRequired("Indiquez ce que montre le logo."),
            Length(max=200, message="200 caractères au plus."),
        ],
        description="Lu à la place de l'image par les lecteurs d'écran.",
    )
    submit = SubmitField("Enregistrer le logo")

    def validate_file(self, field):
        """Say beside the field why a file is refused (the service checks it again)."""
        if not field.data:
            return
        data = field.data.read()
        field.data.seek(0)
        try:
            inspect_logo(data)
        except LogoRefused as error:
            raise ValidationError(str(error)) from None
