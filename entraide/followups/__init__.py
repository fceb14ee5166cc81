"""The follow-up booklet of a parrainage: meetings, actions, health, reminders, close-out."""
