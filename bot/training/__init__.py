"""Logging learning activities (/pelatihan) and the yearly 20 JP obligation (/jp)."""
