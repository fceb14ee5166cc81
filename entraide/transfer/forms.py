"""The forms of the import page: the upload, then the confirmation of the preview."""

from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SubmitField

from ..web.forms import FrenchForm


class ImportForm(FrenchForm):
    file = FileField(
        "Fichier CSV ou Excel (.xlsx)",
        validators=[FileRequired("Choisissez un fichier CSV ou XLSX.")],
        description="Un classeur Excel ou LibreOffice (.xlsx, première feuille), ou un CSV "
        "(séparateur « ; » ou « , », encodage UTF-8 ou Windows-1252). Rien n'est enregistré "
        "avant votre confirmation.",
        render_kw={
            "accept": ".csv,.xlsx,text/csv,"
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    )
    submit = SubmitField("Vérifier le fichier")


class ConfirmImportForm(FrenchForm):
    """The preview's buttons: the token names the file kept on the server."""

    token = HiddenField()
    submit = SubmitField("Confirmer l'import")
