"""Samverkan: a platform for a regional collaboration structure."""
