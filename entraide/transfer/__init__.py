"""Import and export of the network: the coordinator's spreadsheet (CSV or XLSX).

Pure modules (no Flask, no SQLAlchemy): ``columns`` (the columns, their French headers and
other accepted names), ``reading`` (bytes to text cells: CSV encodings and delimiters,
the first sheet of an XLSX), ``rows`` (one line validated), ``parsing`` (a whole file),
``exporting`` (rows to CSV or XLSX bytes). ``services`` plans an import (writes nothing)
and applies the plan, ``queries`` reads the export, ``pending`` keeps an uploaded file
between the preview and its confirmation; ``routes`` and ``cli`` are the two doors.
"""
