"""Outputs: safe names, atomic writes, PDF conversion, combining and archiving."""
