from tests.model.conftest import flagship_catalog, flagship_tools

__all__ = ["flagship_catalog", "flagship_tools"]
