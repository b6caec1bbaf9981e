"""Prioritisation (DESIGN §7): criteria, the board members' scores and their aggregation, scenarios solved by
the selection engine (`selection/`, free of Django), the efficient frontier. Depends on `proposals`."""
