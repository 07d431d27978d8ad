"""The analyst's view: one self-contained HTML report of the graph.

``build_report`` (store -> data), ``render_html`` (data -> HTML string) and
``write_report`` (both, to a file); the ``caveat report`` command lives in
``pipeline.report.commands``.
"""
from .build import Report, build_report, load_run_report
from .render import render_html
from .commands import write_report

__all__ = ["Report", "build_report", "load_run_report", "render_html", "write_report"]
