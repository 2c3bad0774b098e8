"""Workbooks in and out: one engine for every sheet (no models of its own).

``xlsx`` opens a file safely and streams its cells; ``sheets`` gives readers their cell hooks;
``registry`` finds the sheets each app registers; ``engine`` runs an import; ``writes`` writes
it in sets; ``uploads`` and ``tasks`` run the admin's uploads in the background; ``exports``
writes workbooks out.
"""
