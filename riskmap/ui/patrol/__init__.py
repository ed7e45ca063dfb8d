"""The patrol planner in the desktop client: patrol areas and routes on the map, drawn and
edited with undo, assigned to teams, and the coverage check of high-risk sites."""

from riskmap.ui.patrol.controller import PatrolController, PatrolForm
from riskmap.ui.patrol.editor import PatrolEditTool
from riskmap.ui.patrol.form import PatrolDialog
from riskmap.ui.patrol.panel import CoverageView, PatrolList, PatrolPanel
from riskmap.ui.patrol.window import PatrolActions

__all__ = [
    "CoverageView",
    "PatrolActions",
    "PatrolController",
    "PatrolDialog",
    "PatrolEditTool",
    "PatrolForm",
    "PatrolList",
    "PatrolPanel",
]
