"""The web app: the library, the reader, search, import and the JSON API under /api."""

from dossier.web.app import create_app

__all__ = ["create_app"]
