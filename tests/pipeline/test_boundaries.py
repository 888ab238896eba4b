"""The pipeline is plain Python: it never imports the HTTP, schema or cache libraries."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_pipeline_imports_no_flask_marshmallow_or_redis() -> None:
    code = (
        "import sys, service.pipeline, service.model;"
        "from service.pipeline import run;"
        "run('Title line\\n\\nA paragraph of text for the test.\\n');"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'flask', 'marshmallow', 'redis', 'werkzeug', 'diskcache', 'gunicorn'} "
        "or m.startswith('service.web'));"
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""
