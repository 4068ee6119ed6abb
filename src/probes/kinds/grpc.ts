// `health: { type: grpc, service? }`: the standard gRPC health checking protocol
// (https://github.com/grpc/grpc/blob/master/doc/health-checking.md): grpc.health.v1.Health/Check,
// ready when it answers SERVING. The two messages are tiny, so they are encoded by hand here
// rather than loaded from a .proto: no codegen, no proto parser at run time. @grpc/grpc-js is
// loaded on the first attempt only, so that commands that probe no gRPC service never pay for it.

import type * as z from 'zod/mini';
import { describeSocketError, errorMessage } from '../../util/net-errors.js';
import { hostPort } from '../address.js';
import type { Verdict } from '../attempt.js';
import type { GrpcHealthSchema } from '../health-schemas.js';
import type { ProbeKind } from '../kind.js';

// HealthCheckResponse.ServingStatus (health.proto).
const STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
// grpc status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html) waiting cannot fix.
const UNIMPLEMENTED = 12;
const METHOD = '/grpc.health.v1.Health/Check';

const loadGrpc = () => import('@grpc/grpc-js');

/** The gRPC kind. */
export const grpcKind: ProbeKind<'grpc', z.infer<typeof GrpcHealthSchema>> = {
  type: 'grpc',
  defaultPort: undefined,
  resolve: (h) => ({ type: 'grpc', ...(h.service !== undefined ? { service: h.service } : {}) }),
  driver: (spec, target, attemptTimeoutMs) => {
    const address = hostPort(target.host, target.port);
    return {
      target: `grpc://${address}${spec.service ? `/${spec.service}` : ''}`,
      secrets: [],
      attempt: (s) => checkOnce(address, spec.service ?? '', attemptTimeoutMs, s),
      classify: classifyGrpcError,
    };
  },
  // No healthcheck: an image rarely ships a gRPC health client (grpc_health_probe is a separate
  // download), and one that fails for want of a binary would call a healthy service unhealthy.
  composeTest: () => undefined,
  preload: () => void loadGrpc().catch(() => undefined),
};

/** HealthCheckRequest { string service = 1; } in protobuf's wire format (an empty name is no field at all). */
export function encodeRequest(service: string): Buffer {
  const bytes = Buffer.from(service, 'utf8');
  if (bytes.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from([0x0a]), varint(bytes.length), bytes]);
}

/** HealthCheckResponse { ServingStatus status = 1; }: the status, 0 (UNKNOWN) when absent. */
export function decodeResponse(buf: Buffer): number {
  let at = 0;
  let status = 0;
  while (at < buf.length) {
    const key = readVarint(buf, at);
    at = key.next;
    const wire = key.value & 7;
    if (wire === 0) {
      const v = readVarint(buf, at);
      at = v.next;
      if (key.value >> 3 === 1) status = v.value;
    } else if (wire === 2) {
      const len = readVarint(buf, at);
      at = len.next + len.value;
    } else break; // no other wire type occurs in this message
  }
  return status;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

function readVarint(buf: Buffer, from: number): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  let at = from;
  while (at < buf.length) {
    const b = buf[at++] ?? 0;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
    shift += 7;
  }
  return { value, next: at };
}

async function checkOnce(address: string, service: string, timeoutMs: number, signal: AbortSignal): Promise<Verdict> {
  const grpc = await loadGrpc();
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const call = client.makeUnaryRequest(
        METHOD,
        encodeRequest,
        decodeResponse,
        service,
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (err, value) => {
          if (err) reject(err);
          else resolve(value ?? 0);
        },
      );
      signal.addEventListener(
        'abort',
        () => {
          call.cancel();
        },
        { once: true },
      );
    });
    const name = STATUS[status] ?? `status ${status}`;
    return status === 1 ? { status: 'ready', detail: name } : { status: 'pending', detail: name };
  } finally {
    client.close();
  }
}

// grpc-js words a failed connection "No connection established. Last error: Error: connect
// ECONNREFUSED 172.18.0.5:50051. Resolution note: …": the socket error is the part worth showing.
const LAST_ERROR = /Last error: (?:Error: )?(.*?)(?:\. Resolution note:.*)?$/;
const SOCKET_CODE = /\b(E[A-Z]+)\b/;

function classifyGrpcError(err: unknown): Verdict {
  const e = err as { code?: unknown; details?: unknown } | null;
  const details = typeof e?.details === 'string' && e.details ? e.details : errorMessage(err);
  if (e?.code === UNIMPLEMENTED) return { status: 'failed', detail: `the server does not implement grpc.health.v1.Health: ${details}` };
  const last = LAST_ERROR.exec(details)?.[1];
  if (last !== undefined) return { status: 'pending', detail: describeSocketError({ code: SOCKET_CODE.exec(last)?.[1] }) ?? last };
  return { status: 'pending', detail: describeSocketError(err) ?? details };
}
