"""The evaluation reports Bapelitbangda files (Permendagri 86/2017): E.79, E.78, T-C.27 and the
summary for the planning meeting, as pages, xlsx and PDF (see :mod:`reports.registry`)."""
