"""The upload form of the import page."""

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SubmitField

from ..web.forms import FrenchForm


class ImportForm(FrenchForm):
    file = FileField(
        "Fichier CSV",
        validators=[FileRequired("Choisissez un fichier CSV.")],
        description="Encodage UTF-8, séparateur « ; » ou « , ». Exportez depuis votre tableur "
        "au format « CSV UTF-8 ».",
        render_kw={"accept": ".csv,text/csv"},
    )
    dry_run = BooleanField(
        "Simulation : vérifier le fichier et afficher le bilan sans rien enregistrer"
    )
    submit = SubmitField("Importer")
