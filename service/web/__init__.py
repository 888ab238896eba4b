"""The HTTP edge: Flask app, schemas, errors, cache, metrics. The pipeline knows none of it."""
