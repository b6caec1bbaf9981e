"""Projects (what an approved proposal becomes) with status reports, actual costs and benefit follow-up,
and the programmes that group proposals and projects. Depends on `proposals` only."""
