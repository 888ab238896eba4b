# syntax=docker/dockerfile:1
# Build: docker build -t copydesk .   Run: docker run -p 8000:8000 copydesk
# One image, two roles: `copydesk serve` (the default CMD, the HTTP API) and
# `copydesk worker` (the jobs worker: docker run copydesk worker).

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/copydesk
COPY pyproject.toml README.md openapi.yaml gunicorn.conf.py ./
COPY service ./service
# The models and vocabularies ship inside the package: nothing is downloaded at start.
RUN /opt/copydesk/bin/pip install . \
    && /opt/copydesk/bin/python -c "import service.pipeline as p; p.warm_up()"

FROM python:3.11-slim-bookworm
LABEL org.opencontainers.image.title="copydesk" \
      org.opencontainers.image.description="Raw news dumps in; segmented, deduplicated, tagged articles out." \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.source="https://example.invalid/copydesk" \
      org.opencontainers.image.licenses="Proprietary"
ENV PATH=/opt/copydesk/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    CACHE_DIR=/var/cache/copydesk
RUN groupadd --system --gid 10001 copydesk \
    && useradd --system --uid 10001 --gid copydesk --home-dir /nonexistent --shell /usr/sbin/nologin copydesk \
    && mkdir -p /var/cache/copydesk \
    && chown copydesk:copydesk /var/cache/copydesk
COPY --from=build /opt/copydesk /opt/copydesk
WORKDIR /app
COPY gunicorn.conf.py ./
USER 10001:10001
EXPOSE 8000
# The API's health check; the worker has no HTTP and overrides it (see docker-compose.yml).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os,urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2)"]
# The same commands the tests run outside Docker; exec form so `copydesk` is PID 1 and gets
# SIGTERM itself (serve: gunicorn drains; worker: the current chunk finishes, then exit).
ENTRYPOINT ["copydesk"]
CMD ["serve"]
