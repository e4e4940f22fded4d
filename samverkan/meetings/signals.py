"""Events of a meeting's life that apps above it act on. The meetings app does not know
those apps (cases depend on meetings, not the other way); they connect their own
services here. Each event carries real references, never text to parse."""

from django.dispatch import Signal

# Sent with `sections`, a list of §§ that just became final: when the minutes are sealed
# (every §) or a § is attested immediately (that §). A § whose agenda item refers to a
# case gives that case its decision (cases.services.decisions_record_from_sections).
sections_final = Signal()
