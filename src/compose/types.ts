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
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  command?: string | string[];
  restart?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: 'service_healthy' | 'service_started' }>;
  healthcheck?: ComposeHealthcheck;
  profiles?: string[];
  labels: Record<string, string>;
}

/** The whole generated Compose file. */
export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, Record<string, never>>;
}
