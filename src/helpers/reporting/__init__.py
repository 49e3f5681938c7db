"""One module per report (what each notebook shows), on top of :mod:`helpers.reporting.base`
(the context every report shares) and :mod:`helpers.render` (the HTML)."""
