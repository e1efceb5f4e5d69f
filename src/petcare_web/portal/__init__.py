"""The customer portal: server-rendered pages for pet parents under ``/f/{slug}/``."""
