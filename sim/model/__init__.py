"""One simulation run: geography, citizens, requests, service points, policy, agents, engines, costs."""
