# One image for web, worker and beat. GOV.UK Frontend is installed from npm and compiled
# here, never committed.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/scss static/scss
RUN mkdir -p static/build && npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# Pango and fonts for WeasyPrint (the PDF report).
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY relaudit relaudit
COPY surveys surveys
COPY scoring scoring
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/build static/build
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --system relaudit && mkdir -p /app/media && chown -R relaudit /app
USER relaudit
EXPOSE 8000
# No access log: request lines would carry respondents' addresses.
CMD ["gunicorn", "-c", "python:relaudit.gunicorn", "relaudit.wsgi"]
