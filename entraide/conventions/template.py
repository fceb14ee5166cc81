"""The form of a financial statement: the 2024 budget's lines (pure data).

The Département asks the bilan « dans la même forme que le budget prévisionnel »: every
convention's statement starts from the lines of the 2024 budget (``data/budgets.csv``),
completed with the other accounts of the associations' chart (charges 60 to 68 and the
indirect charges, produits 70 to 77, contributions volontaires 86x and 87x) as the
Cerfa 12156 budget and the Cerfa 15059 compte rendu financier print them. The
coordination adds or removes sub-lines for a convention (« Traiteur » in 2022-2023).
"""

from dataclasses import dataclass

# The volunteer valuation (volunteer hours × hourly rate) fills these by default.
VALUATION_ACCOUNTS = ("864", "870")
INDIRECT = "indirect"


@dataclass(frozen=True)
class Account:
    side: str
    account: str
    label: str
    # (account, label) of the sub-lines; an ordinary sub-line repeats its account's number.
    sublines: tuple[tuple[str, str], ...] = ()


def _sub(account: str, *labels: str) -> tuple[tuple[str, str], ...]:
    return tuple((account, label) for label in labels)


ACCOUNTS: tuple[Account, ...] = (
    Account("charge", "60", "Achats", _sub("60", "Autres fournitures")),
    Account("charge", "61", "Services extérieurs"),
    Account(
        "charge",
        "62",
        "Autres services extérieurs",
        _sub(
            "62",
            "Rémunérations intermédiaires et honoraires",
            "Publicité, publications",
            "Déplacements, missions",
        ),
    ),
    Account("charge", "63", "Impôts et taxes"),
    Account(
        "charge",
        "64",
        "Charges de personnel",
        _sub(
            "64", "Rémunération des personnels", "Charges sociales", "Autres charges de personnel"
        ),
    ),
    Account("charge", "65", "Autres charges de gestion courante"),
    Account("charge", "66", "Charges financières"),
    Account("charge", "67", "Charges exceptionnelles"),
    Account("charge", "68", "Dotation aux amortissements"),
    Account(
        "charge",
        INDIRECT,
        "Charges indirectes affectées à l'action",
        _sub(INDIRECT, "Charges fixes de fonctionnement"),
    ),
    Account("produit", "70", "Ventes de produits finis, de marchandises, prestations de services"),
    Account("produit", "73", "Dotations et produits de tarification"),
    Account("produit", "74", "Subventions d'exploitation", _sub("74", "Conseil départemental")),
    Account("produit", "75", "Autres produits de gestion courante"),
    Account("produit", "76", "Produits financiers"),
    Account("produit", "77", "Produits exceptionnels"),
    Account(
        "contribution_emploi",
        "86",
        "Emplois des contributions volontaires en nature",
        (
            ("860", "Secours en nature"),
            ("861", "Mise à disposition gratuite de biens et services"),
            ("862", "Prestations"),
            ("864", "Personnel bénévole"),
        ),
    ),
    Account(
        "contribution_ressource",
        "87",
        "Contributions volontaires en nature",
        (
            ("870", "Bénévolat"),
            ("871", "Prestations en nature"),
            ("875", "Dons en nature"),
        ),
    ),
)

# Where a sub-account belongs: "864" -> "86".
HEADS = {account.account for account in ACCOUNTS}


def head_of(account: str) -> str | None:
    """The account's line a (sub-)account belongs to, or None when there is none."""
    if account in HEADS:
        return account
    if len(account) == 3 and account[:2] in ("86", "87"):
        return account[:2]
    return None


def account_label(account: str) -> str:
    """What the statement prints in the account column (« » for the indirect charges)."""
    return "" if account == INDIRECT else account
