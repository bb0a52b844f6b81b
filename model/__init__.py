"""skillsim model core: computes, never reads or writes files."""
