"""Printed documents the office uses: reply letter (答复函), feedback form (征询意见表) and
assignment notice (交办通知), as .docx (python-docx) and PDF (LibreOffice, when installed)."""
