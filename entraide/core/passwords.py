"""Password policy: 12 to 128 characters, not a common or obvious password."""

from importlib import resources

MIN_LENGTH = 12
MAX_LENGTH = 128


def _common_passwords() -> frozenset[str]:
    text = resources.files("entraide.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().casefold()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


_COMMON = None


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Return a French explanation of why the password is refused, or None."""
    global _COMMON
    if _COMMON is None:
        _COMMON = _common_passwords()
    if len(password) < MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {MIN_LENGTH} caractères."
    if len(password) > MAX_LENGTH:
        return f"Le mot de passe doit contenir au plus {MAX_LENGTH} caractères."
    folded = password.casefold()
    if folded in _COMMON or len(set(folded)) <= 3:
        return "Ce mot de passe est trop courant : choisissez-en un autre."
    local = email.split("@")[0].casefold()
    if (local and len(local) >= 4 and local in folded) or (name and name.casefold() == folded):
        return "Le mot de passe ne doit pas reprendre votre adresse ou votre nom."
    return None
