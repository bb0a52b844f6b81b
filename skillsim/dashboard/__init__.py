"""The interactive dashboard (`skillsim dashboard`): a Solara page where policy staff pick
a scenario, move levers and compare the technical shortfall to 2030 with the baseline.

Modules: `levers` (controls generated from model.parameters), `data` (running seeds,
bands and 2030 figures from the tidy table, opening stored results), `charts`
(matplotlib figures), `texts` (Dutch and English labels), `app` (the Solara page).
Only `app` imports Solara; the rest is plain Python that tests can call directly.
"""
