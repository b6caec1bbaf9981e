"""Views of the portfolio pages, one module per area (proposal_*.py, project_*.py, …)."""
