"""Running a build: one target's tree and writer, the workers, what each writes next, their messages and the manifest."""
