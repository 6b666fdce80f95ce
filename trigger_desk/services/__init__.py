"""The Qt-free back end a front end builds: the services facade and the engine's thread."""
