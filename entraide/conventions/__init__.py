"""The funder's agreements (conventions): their terms and deadlines, the countdown and
reminders of those deadlines, and each one's financial statement in the budget's form.

The report reads this package (the aid of a period, the deadlines, the statement's
``(headers, rows)``); this package never reads the report's.
"""
