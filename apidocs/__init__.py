"""The API documentation page: Swagger UI (from npm, served by this server) over ``/openapi.json``."""
