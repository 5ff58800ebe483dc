"""The desktop window: pygame-ce and pygame_gui views over the world, env and trainer layers."""
