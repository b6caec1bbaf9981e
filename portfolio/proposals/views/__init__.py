"""Proposal pages: lists and sections, the calculation editor, the assessment, transitions, import, memo."""
