"""Shared helpers with no models, used by every app: number parsing and formats, rupiah, JSON
numbers, spreadsheet cell escaping, the chart layout, the page decorator, and the health and
language middleware. Imports go one way: ``core`` ← ``indicators`` ← ``budgets`` ← ``workbooks``;
nothing here imports an app.
"""
