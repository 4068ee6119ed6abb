// The part of the Compose Specification that pyat writes (https://github.com/compose-spec/compose-spec).

/** A container healthcheck, as in the Compose spec's `healthcheck`. */
export interface ComposeHealthcheck {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  start_period: string;
  start_interval?: string;
}

/** One service of the generated Compose file. */
export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; dockerfile_inline?: string; target?: string; args?: Record<string, string> };
  command?: string | string[];
  entrypoint?: string | string[];
  working_dir?: string;
  user?: string;
  env_file?: string[];
  restart?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: 'service_healthy' | 'service_started' | 'service_completed_successfully' }>;
  healthcheck?: ComposeHealthcheck;
  profiles?: string[];
  /** Resource limits: Compose v1 (1.27 and later) applies them too, without `--compatibility`. */
  deploy?: { resources: { limits: { memory?: string; cpus?: number } } };
  labels: Record<string, string>;
  /** The keys of the registry's `compose:` escape hatch, as written. */
  [key: string]: unknown;
}

/** The whole generated Compose file. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, Record<string, never>>;
}
