"""skillsim edges: command line, runners, reports, dashboard."""
