"""The dashboard and the yearly report to the Département (figures, charts, PDF, XLSX)."""
