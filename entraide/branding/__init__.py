"""The funder's logo on the report: uploaded by the coordination, checked, kept in the database."""
