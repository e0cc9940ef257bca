"""Maker Kit: Supabase as the External System of Record of Maker agents."""

from kit.project import Project, load_project

__all__ = ["Project", "load_project"]
__version__ = "0.1.0"
