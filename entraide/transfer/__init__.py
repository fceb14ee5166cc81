"""Import and export of the network as CSV (the coordinator's census spreadsheet).

``csv_format`` and ``writer`` are pure (no Flask, no SQLAlchemy); ``services`` applies
validated rows, ``queries`` reads the export, ``routes`` and ``cli`` are the two doors.
"""
