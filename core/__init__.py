"""Headless core of the deep-learning demo dashboard."""
