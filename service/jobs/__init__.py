"""Asynchronous jobs for archive-size work: intake, the queue, the workers' tasks."""
