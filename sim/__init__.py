"""IKZ-Sim: agent-based simulation of inter-municipal cooperation in rural public services."""
