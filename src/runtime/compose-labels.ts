// The labels Compose puts on every container it creates (compose-spec "Labels"; docker/compose
// api.go): how pyat finds a project's containers and tells which service each one is.

/** The Compose project a container belongs to. */
export const PROJECT_LABEL = 'com.docker.compose.project';
/** The Compose service a container runs. */
export const SERVICE_LABEL = 'com.docker.compose.service';
/** `True` on one-off containers (`compose run`), which are no service's container. */
export const ONEOFF_LABEL = 'com.docker.compose.oneoff';
