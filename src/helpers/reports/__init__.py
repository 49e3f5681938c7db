"""One module per report (what each notebook shows), on top of :mod:`helpers.reports.base`
(the context every report shares) and :mod:`helpers.render` (the HTML)."""
