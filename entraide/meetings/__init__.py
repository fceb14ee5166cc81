"""What a pairing's meetings (``followups``) and a group's meetings (``groups``) share.

Both kinds live the same life: planned (a day, a time, a place, who is expected), then
held (its record) or cancelled; a held record is corrected within 30 days by its author
or the coordination, each correction journaled. The rules of that life are here, once:
``lifecycle`` (the states and the checks of a planned meeting), ``corrections`` (the
window, who may, the version, what changed) and ``views`` (the pages' shared steps).

What differs stays with each kind: who may plan, who is expected and told, which model,
which fields, which URLs and templates, and the journal entry each change writes (the
kind's own action names and snapshot).
"""
