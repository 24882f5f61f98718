"""The scale benchmark: a bulk generator of realistic history and measurements of transitions,
pages and statistics, each against a baseline measured on the same machine in the same run."""
