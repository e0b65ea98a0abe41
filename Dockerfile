FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN pip install --no-cache-dir --no-deps -e . && python manage.py compilemessages --ignore=.venv -v 0
ENV PORTAL_DATA_DIR=/data PORTAL_PRODUCTION=1
EXPOSE 8000
CMD ["python", "manage.py", "serve", "--no-worker", "--host", "0.0.0.0", "--port", "8000"]
