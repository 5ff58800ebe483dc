"""The batched environment core, its gymnasium views, and rendering. Importing this registers the
`Goalpost-*` ids, e.g. `gymnasium.make("Goalpost-CoinRun-v0")`."""
from sandbox.env.core import GridCore, StepResult
from sandbox.env.gym_env import GoalpostEnv
from sandbox.env.registration import register_shipped_levels
from sandbox.env.vector_env import GoalpostVectorEnv

REGISTERED_IDS = register_shipped_levels()

__all__ = ["GoalpostEnv", "GoalpostVectorEnv", "GridCore", "REGISTERED_IDS", "StepResult"]
