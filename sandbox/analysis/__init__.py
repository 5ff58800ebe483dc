"""Rollouts, proxies derived from the level, outcome classification and shifted test episodes."""
from sandbox.analysis.evaluation import Evaluation, evaluate
from sandbox.analysis.outcomes import (CAPABILITY, GOAL, OUTCOME_NAMES, PROXY, Outcomes, Summary, classify, separated,
                                       summarize)
from sandbox.analysis.policy_field import policy_field
from sandbox.analysis.proxies import Proxy, derive_proxies, goal_code, proxy_cells
from sandbox.analysis.rollout import Trajectories, rollout, training_episodes
from sandbox.analysis.shifts import AREAS, Shift, apply_shift, parse_shift

__all__ = ["AREAS", "CAPABILITY", "Evaluation", "evaluate", "GOAL", "OUTCOME_NAMES", "Outcomes", "PROXY", "Proxy", "Shift", "Summary",
           "Trajectories", "apply_shift", "classify", "derive_proxies", "goal_code", "parse_shift", "policy_field", "proxy_cells",
           "rollout", "separated", "summarize", "training_episodes"]
