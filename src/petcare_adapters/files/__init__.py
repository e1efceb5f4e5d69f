"""File stores (``petcare_core.ports.files.FileStore``): ``LocalFileStore`` keeps uploads in a
directory of the server, one subdirectory per facility."""

from petcare_adapters.files.local import LocalFileStore

__all__ = ["LocalFileStore"]
