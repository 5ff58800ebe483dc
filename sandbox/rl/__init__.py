"""Policy network, PPO, training runs (in-process or in a background process) and agent files."""
from sandbox.rl.agent_file import Agent, AgentFileError, agent_from_trainer, load_agent, save_agent
from sandbox.rl.config import PPOConfig
from sandbox.rl.messages import Done, Error, Message, Progress, Snapshot
from sandbox.rl.policy import Policy
from sandbox.rl.trainer import CurvePoint, Trainer, build_policy
from sandbox.rl.worker import TrainingProcess, load_snapshot

__all__ = ["Agent", "AgentFileError", "CurvePoint", "Done", "Error", "Message", "PPOConfig", "Policy", "Progress",
           "Snapshot", "Trainer", "TrainingProcess", "agent_from_trainer", "build_policy", "load_agent",
           "load_snapshot", "save_agent"]
