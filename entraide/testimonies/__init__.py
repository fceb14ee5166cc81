"""Testimonies of the yearly report: the approval of the organisations they concern."""
