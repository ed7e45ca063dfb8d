"""The incident (emergency) view: rings around a point, the sites in them, the nearest rescue
resources, and the one-page briefing. `IncidentView.install(services)` attaches it to a window."""

from riskmap.ui.incident.shot import incident_shot
from riskmap.ui.incident.view import IncidentView

__all__ = ["IncidentView", "incident_shot"]
