"""The workbench: planscope in a browser (FastAPI + Jinja2 + htmx, ECharts vendored).

    app.py      create_app(db, authenticator): pages, /api/v1, static files
    auth.py     the seam to accounts: current_user, require(user, action, region_code)
    csrf.py     the double-submit token every form carries
    pages.py    library, document, region dashboard, alignment
    api.py      the REST API (/api/v1, OpenAPI at /api/v1/openapi.json)
    render.py   the views' records shaped for a page (text pieces, chart series, matrix)
    uploads.py  uploaded files into the library
    errors.py   one error shape
    i18n.py     Chinese by default, English by a switch (data/web.toml, planscope.labels)
"""
