"""The report's fixed wording about the Département's support, in one place.

The convention records (issue 13, item 2) will carry the programme's title and the
article 7 mention per convention; until then the report reads them from here.
"""

# The Département's logo line, as its communication rules ask (domain.md, article 7).
SUPPORT_MENTION = "62 Pas-de-Calais, Mon Département"
# What the aid funds: the network's animation as a whole, not only the mutual aid.
FUNDED_PROGRAMME = "Renforcement de l'animation du Réseau des SCIC du Pas-de-Calais"
