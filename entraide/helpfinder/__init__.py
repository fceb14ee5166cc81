"""« Qui peut m'aider ? » and « Qui puis-je aider ? »: the matching engine on the members' side."""
