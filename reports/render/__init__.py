"""Renderers: a :class:`reports.document.ReportDocument` to CSV, Markdown or PDF files.

Each renderer only formats; what a report contains is decided in :mod:`reports.document`.
"""
